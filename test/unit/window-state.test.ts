/** The window's size and place across launches (src/main/electron/window-state.ts), on real files. */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  fitWindow,
  loadWindowState,
  MIN_WINDOW_SIZE,
  saveWindowState,
  WindowStateKeeper,
  type Rect,
  type WindowState,
} from '../../src/main/electron/window-state';

const dir = () => mkdtempSync(join(tmpdir(), 'sd-window-'));
const state = (bounds: Rect, maximized = false, fullScreen = false): WindowState => ({
  bounds,
  maximized,
  fullScreen,
});

/** A laptop screen (menu bar above its work area) and a bigger one to its right. */
const laptop: Rect = { x: 0, y: 25, width: 1440, height: 875 };
const monitor: Rect = { x: 1440, y: 0, width: 2560, height: 1400 };

afterEach(() => {
  vi.useRealTimers();
});

describe('loading and saving window-state.json', () => {
  it('gives back what was saved, through an atomic write that leaves no temp file', async () => {
    const folder = dir();
    const file = join(folder, 'window-state.json');
    const saved = state({ x: 1500, y: 40, width: 1600, height: 1000 }, true);
    await saveWindowState(file, saved);
    expect(readdirSync(folder)).toEqual(['window-state.json']);
    const logged: string[] = [];
    expect(await loadWindowState(file, (m) => logged.push(m))).toEqual(saved);
    expect(logged).toEqual([]);
  });

  it('no file: null, and nothing said', async () => {
    const logged: string[] = [];
    expect(await loadWindowState(join(dir(), 'window-state.json'), (m) => logged.push(m))).toBe(
      null,
    );
    expect(logged).toEqual([]);
  });

  it.each([
    ['not JSON', '{"bounds": {', /window-state\.json: not JSON/],
    [
      'a field missing',
      '{"bounds":{"x":0,"y":0,"width":800},"maximized":false,"fullScreen":false}',
      /window-state\.json: bounds\.height: /,
    ],
    [
      'a wrong type',
      '{"bounds":{"x":0,"y":0,"width":800,"height":600},"maximized":"yes","fullScreen":false}',
      /window-state\.json: maximized: /,
    ],
    [
      'a width of zero',
      '{"bounds":{"x":0,"y":0,"width":0,"height":600},"maximized":false,"fullScreen":false}',
      /bounds\.width: /,
    ],
    ['an empty file', '', /not JSON/],
  ])('%s: null, and the log names the file and what is wrong', async (_what, text, said) => {
    const file = join(dir(), 'window-state.json');
    writeFileSync(file, text);
    const logged: string[] = [];
    expect(await loadWindowState(file, (m) => logged.push(m))).toBe(null);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(said);
    expect(logged[0]).toContain(file);
  });
});

describe('fitWindow: where the window opens', () => {
  it('nothing saved: the default size centred on the primary work area', () => {
    expect(fitWindow(null, [laptop, monitor], laptop)).toEqual(
      state({ x: 80, y: 63, width: 1280, height: 800 }),
    );
  });

  it('saved on a display that is still there: kept as it was, maximized too', () => {
    const saved = state({ x: 1600, y: 100, width: 1800, height: 1100 }, true);
    expect(fitWindow(saved, [laptop, monitor], laptop)).toEqual(saved);
  });

  it('saved on a display that has gone: centred on the primary work area', () => {
    const saved = state({ x: 1600, y: 100, width: 1200, height: 800 });
    expect(fitWindow(saved, [laptop], laptop).bounds).toEqual({
      x: 120,
      y: 63,
      width: 1200,
      height: 800,
    });
  });

  it('half off the edge: moved inside; larger than the work area: shrunk to it', () => {
    // Exactly half of it on the laptop's work area: 800 of 1200 wide, 600 of 800 high.
    const hanging = state({ x: -400, y: 300, width: 1200, height: 800 });
    expect(fitWindow(hanging, [laptop, monitor], laptop).bounds).toEqual({
      x: 0,
      y: 100,
      width: 1200,
      height: 800,
    });
    const huge = state({ x: 0, y: 25, width: 3000, height: 2000 });
    expect(fitWindow(huge, [laptop], laptop).bounds).toEqual({
      x: 0,
      y: 25,
      width: 1440,
      height: 875,
    });
  });

  it('mostly off every display (less than half shown): centred on the primary', () => {
    const offscreen = state({ x: 1000, y: 700, width: 1100, height: 800 });
    const fitted = fitWindow(offscreen, [laptop], laptop).bounds;
    expect(fitted).toEqual({ x: 170, y: 63, width: 1100, height: 800 });
  });

  it('never below the minimum size, even on a small screen', () => {
    const small = state({ x: 10, y: 10, width: 400, height: 300 });
    const screen: Rect = { x: 0, y: 0, width: 800, height: 600 };
    expect(fitWindow(small, [screen], screen).bounds).toEqual({
      x: 0,
      y: 0,
      width: MIN_WINDOW_SIZE.width,
      height: MIN_WINDOW_SIZE.height,
    });
  });

  it('no displays listed (headless): the primary work area is used', () => {
    const saved = state({ x: 100, y: 100, width: 1100, height: 750 });
    expect(fitWindow(saved, [], laptop).bounds).toEqual({
      x: 170,
      y: 88,
      width: 1100,
      height: 750,
    });
  });
});

describe('WindowStateKeeper', () => {
  function keeper(read: () => WindowState | null) {
    const file = join(dir(), 'window-state.json');
    const logged: string[] = [];
    const keep = new WindowStateKeeper({ file, read, log: (m) => logged.push(m), delayMs: 500 });
    return { keep, file, logged };
  }
  const onDisk = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as WindowState;

  it('a drag is one write, of where the window ended, once it stays still', async () => {
    vi.useFakeTimers();
    let now = state({ x: 0, y: 0, width: 1100, height: 750 });
    const read = vi.fn(() => now);
    const { keep, file } = keeper(read);
    for (let x = 0; x <= 300; x += 50) {
      now = state({ x, y: 0, width: 1100, height: 750 });
      keep.changed();
      vi.advanceTimersByTime(100);
    }
    expect(read).not.toHaveBeenCalled();
    vi.advanceTimersByTime(500);
    vi.useRealTimers();
    await keep.dispose();
    expect(read).toHaveBeenCalledTimes(1);
    expect(onDisk(file).bounds.x).toBe(300);
    expect(keep.latest).toEqual(onDisk(file));
  });

  it('closing writes at once, and a pending move is not written after it', async () => {
    vi.useFakeTimers();
    const now = state({ x: 5, y: 6, width: 1100, height: 750 }, false, true);
    const read = vi.fn(() => now);
    const { keep, file } = keeper(read);
    keep.changed();
    await keep.saveNow();
    vi.advanceTimersByTime(5_000);
    vi.useRealTimers();
    await keep.dispose();
    expect(read).toHaveBeenCalledTimes(1);
    expect(onDisk(file)).toEqual(now);
  });

  it('a window already gone writes nothing; latest stays what was loaded', async () => {
    const loaded = state({ x: 1, y: 2, width: 1100, height: 750 });
    const file = join(dir(), 'window-state.json');
    const keep = new WindowStateKeeper({ file, read: () => null, log: () => {}, initial: loaded });
    await keep.saveNow();
    expect(() => readFileSync(file)).toThrow(/ENOENT/);
    expect(keep.latest).toEqual(loaded);
  });

  it('a save that fails is said once, naming the file, and the app goes on', async () => {
    // Its folder is a file: no write can succeed, whoever runs the test.
    const notAFolder = join(dir(), 'not-a-folder');
    writeFileSync(notAFolder, 'a file');
    const logged: string[] = [];
    const keep = new WindowStateKeeper({
      file: join(notAFolder, 'window-state.json'),
      read: () => state({ x: 0, y: 0, width: 1100, height: 750 }),
      log: (m) => logged.push(m),
    });
    await keep.saveNow();
    await keep.saveNow();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/window-state\.json: the window's place was not saved: EEXIST/);
  });
});
