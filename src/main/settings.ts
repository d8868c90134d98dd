import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { VOLUME_DB_RANGE } from '../shared/contract';
import { mappingsSchema } from '../shared/midi-learn';
import { patternSchema } from '../shared/sequencer/pattern';

import { writeFileAtomically } from './atomic-file';

const settingsSchema = z.object({
  volumeDb: z.number().min(VOLUME_DB_RANGE.min).max(VOLUME_DB_RANGE.max).catch(0),
  loop: z.boolean().catch(false),
  /** The sequencer's patterns; none saved yet: the default one. */
  patterns: z.array(patternSchema).catch([]),
  mappings: mappingsSchema.catch([]),
  /** Sampler notes mapped to files, by path (ids are per session). */
  samplerNotes: z
    .array(z.object({ note: z.number().int().min(0).max(127), path: z.string() }))
    .catch([]),
});

export type Settings = z.infer<typeof settingsSchema>;

const defaults: Settings = settingsSchema.parse({});

/**
 * The user's preferences in `<user data>/settings.json`. A missing or damaged file gives the
 * defaults (each bad field on its own), and every change is written atomically.
 */
export class SettingsStore {
  private settings: Settings = defaults;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {}

  async load(): Promise<Settings> {
    try {
      const raw = JSON.parse(await readFile(this.file, 'utf8')) as unknown;
      this.settings = settingsSchema.parse(typeof raw === 'object' && raw !== null ? raw : {});
    } catch {
      this.settings = defaults;
    }
    return this.settings;
  }

  get(): Settings {
    return this.settings;
  }

  /** Resolves when every change so far is on disk. */
  flush(): Promise<void> {
    return this.writing;
  }

  update(change: Partial<Settings>): Promise<void> {
    this.settings = { ...this.settings, ...change };
    const snapshot = JSON.stringify(this.settings, null, 2);
    this.writing = this.writing
      .then(() =>
        writeFileAtomically(this.file, (handle) => handle.write(snapshot).then(() => undefined)),
      )
      .catch((error: Error) => console.error(`could not save settings: ${error.message}`));
    return this.writing;
  }
}
