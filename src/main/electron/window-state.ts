/**
 * The main window's size and place across launches, in `<user data>/window-state.json`: read
 * at start (a missing or damaged file gives the default place, never an error), fitted onto
 * the displays there are now, and written atomically, debounced while the window moves and at
 * once when it closes. src/main/host/electron-window.ts feeds it from the real window.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Disposable } from '../../shared/lifecycle';
import { writeFileAtomically } from '../platform/atomic-file';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** The normal (not maximized, not full-screen) bounds. */
  bounds: Rect;
  maximized: boolean;
  fullScreen: boolean;
}

export const MIN_WINDOW_SIZE = { width: 1024, height: 700 } as const;
export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 800 } as const;
export const WINDOW_STATE_FILE = 'window-state.json';

const coordinate = z.number().int().min(-100_000).max(100_000);
const length = z.number().int().min(1).max(100_000);
const windowStateSchema = z.strictObject({
  bounds: z.strictObject({ x: coordinate, y: coordinate, width: length, height: length }),
  maximized: z.boolean(),
  fullScreen: z.boolean(),
});

/** The saved state, or null when there is none or it cannot be used (said through `log`). */
export async function loadWindowState(
  file: string,
  log: (message: string) => void,
): Promise<WindowState | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      log(
        `${file}: could not be read (${(error as Error).message}); the window opens at its default place`,
      );
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    log(`${file}: not JSON (${(error as Error).message}); the window opens at its default place`);
    return null;
  }
  const parsed = windowStateSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'the file';
    log(`${file}: ${where}: ${issue?.message}; the window opens at its default place`);
    return null;
  }
  return parsed.data;
}

export function saveWindowState(file: string, state: WindowState): Promise<void> {
  const text = JSON.stringify(windowStateSchema.parse(state), null, 2);
  return writeFileAtomically(file, (out) => out.write(text));
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(value, high));
}

/**
 * Where the window opens: the saved bounds when at least half of the window lies on one of
 * today's work areas (moved and shrunk to fit inside it), otherwise the saved size (or the
 * default) centred on the primary work area. Never smaller than the minimum, even on a screen
 * smaller than that (the window then starts at the work area's corner).
 */
export function fitWindow(
  saved: WindowState | null,
  workAreas: readonly Rect[],
  primary: Rect,
  min: { width: number; height: number } = MIN_WINDOW_SIZE,
): WindowState {
  const wanted = saved?.bounds ?? { x: 0, y: 0, ...DEFAULT_WINDOW_SIZE };
  const best = saved
    ? workAreas.reduce<{ area: Rect | null; shown: number }>(
        (acc, area) => {
          const shown = overlap(wanted, area);
          return shown > acc.shown ? { area, shown } : acc;
        },
        { area: null, shown: 0 },
      )
    : { area: null, shown: 0 };
  const onScreen = best.area !== null && best.shown * 2 >= wanted.width * wanted.height;
  const area = onScreen && best.area ? best.area : primary;
  const width = Math.max(min.width, Math.min(wanted.width, area.width));
  const height = Math.max(min.height, Math.min(wanted.height, area.height));
  const fits = (start: number, size: number, areaStart: number, areaSize: number) =>
    clamp(start, areaStart, Math.max(areaStart, areaStart + areaSize - size));
  const x = onScreen
    ? fits(wanted.x, width, area.x, area.width)
    : fits(area.x + Math.round((area.width - width) / 2), width, area.x, area.width);
  const y = onScreen
    ? fits(wanted.y, height, area.y, area.height)
    : fits(area.y + Math.round((area.height - height) / 2), height, area.y, area.height);
  return {
    bounds: { x, y, width, height },
    maximized: saved?.maximized ?? false,
    fullScreen: saved?.fullScreen ?? false,
  };
}

export interface WindowStateKeeperOptions {
  file: string;
  /** The state as it is now (null: the window is gone, nothing to save). */
  read: () => WindowState | null;
  log: (message: string) => void;
  /** How long the window must stay still before a move or resize is written. */
  delayMs?: number;
  /** The state loaded at start: `latest` until the window is first read. */
  initial?: WindowState | null;
}

/**
 * Writes the window's state: debounced on `changed()` (a drag is one write, at its end), at
 * once on `saveNow()` (the window is closing). Writes run one after another, each with the
 * state read when it starts; dispose waits for the last.
 */
export class WindowStateKeeper implements Disposable {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private writing: Promise<void> = Promise.resolve();
  private lastError: string | null = null;
  private last: WindowState | null;

  constructor(private readonly options: WindowStateKeeperOptions) {
    this.last = options.initial ?? null;
  }

  /** The last state saved (or loaded): where a window opened again goes (macOS Dock click). */
  get latest(): WindowState | null {
    return this.last;
  }

  changed(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.saveNow();
    }, this.options.delayMs ?? 500);
  }

  saveNow(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const state = this.options.read();
    if (!state) return this.writing;
    this.last = state;
    this.writing = this.writing
      .then(() => saveWindowState(this.options.file, state))
      .then(
        () => void (this.lastError = null),
        (error: Error) => {
          // Once per kind of failure, not on every move while the disk stays full.
          if (this.lastError === error.message) return;
          this.lastError = error.message;
          this.options.log(
            `${this.options.file}: the window's place was not saved: ${error.message}`,
          );
        },
      );
    return this.writing;
  }

  dispose(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    return this.writing;
  }
}
