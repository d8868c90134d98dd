import { copyFile, readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Disposable } from '../../shared/lifecycle';
import { removeStaleTempFiles, writeFileAtomically } from '../platform/atomic-file';
import { parseSettings } from './settings-file';
import { defaultSettings, type Settings } from './settings-schema';

export type { Settings } from './settings-schema';

export interface SettingsStoreOptions {
  file: string;
  /** Something the user must hear about: a damaged file recovered, a save that failed. */
  onNotice?: (message: string) => void;
  now?: () => Date;
  /** How the file is written (tests count the writes); writeFileAtomically by default. */
  writeFile?: typeof writeFileAtomically;
}

/**
 * The user's preferences in `<user data>/settings.json`. A damaged file is never lost: what
 * is valid in it is kept item by item, the file itself is kept beside it, and the user is told.
 * Every change is written atomically, in order; a change made before the file was read waits
 * for it, so it can never write defaults over what the user had.
 */
export class SettingsStore implements Disposable {
  private settings: Settings = defaultSettings();
  private loaded: Promise<Settings> | null = null;
  private writing: Promise<void> = Promise.resolve();
  /** The write waiting behind the running one, not yet started: later changes ride with it. */
  private queued: Promise<void> | null = null;
  /** The last change asked for: it joins `writing` only once the file has been read. */
  private lastUpdate: Promise<void> = Promise.resolve();
  private lastSaveError: string | null = null;
  private readOnly = false;

  constructor(private readonly options: SettingsStoreOptions) {}

  load(): Promise<Settings> {
    this.loaded ??= this.read();
    return this.loaded;
  }

  private async read(): Promise<Settings> {
    const { file } = this.options;
    await removeStaleTempFiles(dirname(file), file);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') {
        this.options.onNotice?.(
          `Your settings could not be read (${(error as Error).message}): Sampledeck runs with the defaults and will not write over ${file}.`,
        );
        // Unreadable is not absent: never replace a file we could not look at.
        this.readOnly = true;
      }
      return this.settings;
    }
    const { settings, damage, kept } = parseSettings(text);
    this.settings = settings;
    if (damage.length > 0) {
      const stamp = (this.options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
      const aside = `${file}.damaged-${stamp}`;
      const copied = await copyFile(file, aside).then(
        () => true,
        () => false,
      );
      this.options.onNotice?.(
        `${basename(file)} was damaged: ${damage.join('; ')}.` +
          (kept.length ? ` Recovered ${kept.join(', ')}.` : '') +
          (copied ? ` The damaged file is kept as ${aside}.` : ''),
      );
      // The file on disk now says what the app uses, so the next start is clean.
      if (copied) void this.write();
    }
    return this.settings;
  }

  get(): Settings {
    return this.settings;
  }

  /**
   * Resolves when every change so far is on disk (or has failed and been reported): the last
   * change before quitting is never lost. Nothing else is held, so this is all there is to release.
   */
  dispose(): Promise<void> {
    return this.lastUpdate.then(() => this.writing);
  }

  update(change: Partial<Settings>): Promise<void> {
    if (!this.loaded) throw new Error('settings changed before they were loaded');
    this.lastUpdate = this.loaded.then(() => {
      this.settings = { ...this.settings, ...change };
      return this.write();
    });
    return this.lastUpdate;
  }

  private write(): Promise<void> {
    if (this.readOnly) return this.writing;
    // A burst of changes (step clicks) is one write, not one each: the queued write reads the
    // settings only when it starts, so it carries every change made while it waited.
    if (this.queued) return this.queued;
    const writeFile = this.options.writeFile ?? writeFileAtomically;
    this.writing = this.writing
      .then(() => {
        this.queued = null;
        const snapshot = JSON.stringify(this.settings, null, 2);
        return writeFile(this.options.file, (out) => out.write(snapshot));
      })
      .then(
        () => {
          this.lastSaveError = null;
        },
        (error: Error) => {
          // Said once per kind of failure, not on every change while the disk stays full.
          const kind = (error as NodeJS.ErrnoException).code ?? error.message;
          if (this.lastSaveError === kind) return;
          this.lastSaveError = kind;
          this.options.onNotice?.(
            `Your settings could not be saved (${error.message}). The file on disk is unchanged; your changes are kept while Sampledeck runs and saved with the next change.`,
          );
        },
      );
    this.queued = this.writing;
    return this.writing;
  }
}
