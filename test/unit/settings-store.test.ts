import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomically } from '../../src/main/platform/atomic-file';
import { SettingsStore } from '../../src/main/settings/settings-store';
import { defaultPattern, emptyPattern } from '../../src/shared/sequencer/pattern';
import type { Mapping } from '../../src/shared/contract';

const mapping = (id: number, port: string | null = 'Pads'): Mapping => ({
  id,
  action: 'next-file',
  trigger: { port, kind: 'cc', channel: 1, number: 20 + id },
});

/** What a user had built up: two patterns, three mappings, a sampler note and a volume. */
function savedByUser() {
  return {
    volumeDb: -12,
    loop: true,
    autoPlay: false,
    patterns: [defaultPattern(), emptyPattern('Break')],
    mappings: [mapping(1), mapping(2), mapping(3)],
    samplerNotes: [{ note: 36, path: '/samples/kick.wav' }],
  };
}

function storeIn(text: string | null) {
  const dir = mkdtempSync(join(tmpdir(), 'sd-settings-'));
  const file = join(dir, 'settings.json');
  if (text !== null) writeFileSync(file, text);
  const notices: string[] = [];
  const store = new SettingsStore({
    file,
    onNotice: (m) => notices.push(m),
    now: () => new Date('2026-11-30T12:00:00Z'),
  });
  const damagedCopies = () => readdirSync(dir).filter((n) => n.includes('.damaged-'));
  return { dir, file, store, notices, damagedCopies };
}

describe('settings.json: nothing the user made is lost', () => {
  it('reads a sound file as it is, with no notice and no copy', async () => {
    const { store, notices, damagedCopies } = storeIn(JSON.stringify(savedByUser()));
    const s = await store.load();
    expect(s).toMatchObject(savedByUser());
    expect(notices).toEqual([]);
    expect(damagedCopies()).toEqual([]);
  });

  it('a UTF-8 byte-order mark is no damage', async () => {
    const { store, notices } = storeIn('\uFEFF' + JSON.stringify(savedByUser(), null, 2));
    expect(await store.load()).toMatchObject(savedByUser());
    expect(notices).toEqual([]);
  });

  it('a file cut short keeps every whole item before the cut, keeps the damaged file and says so', async () => {
    const full = JSON.stringify(savedByUser(), null, 2);
    // Cut inside the third mapping: both patterns and two mappings are whole before it.
    const cut = full.slice(0, full.indexOf('"number": 23'));
    const { store, notices, damagedCopies, dir, file } = storeIn(cut);
    const s = await store.load();
    expect(s.patterns).toEqual(savedByUser().patterns);
    expect(s.mappings).toEqual([mapping(1), mapping(2)]);
    expect(s.volumeDb).toBe(-12);
    expect(damagedCopies()).toEqual(['settings.json.damaged-2026-11-30T12-00-00-000Z']);
    expect(readFileSync(join(dir, damagedCopies()[0]!), 'utf8')).toBe(cut);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/settings\.json was damaged: not valid JSON/);
    expect(notices[0]).toMatch(/1 of 3 MIDI mappings/);
    expect(notices[0]).toMatch(/Recovered .*2 of 3 MIDI mappings/);
    expect(notices[0]).toContain('settings.json.damaged-2026-11-30T12-00-00-000Z');
    // The file on disk now holds what was recovered, so the next start is clean.
    await store.dispose();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      patterns: savedByUser().patterns,
      mappings: [mapping(1), mapping(2)],
    });
  });

  it('one unknown field in one drum track drops that field only', async () => {
    const saved = savedByUser();
    const text = JSON.stringify(saved).replace('"name":"Snare"', '"name":"Snare","swing":12');
    const { store, notices, damagedCopies } = storeIn(text);
    const s = await store.load();
    expect(s.patterns).toEqual(saved.patterns);
    expect(notices[0]).toMatch(/fields this version does not know, in 1 of patterns/);
    expect(notices[0]).toMatch(/Recovered all 2 patterns/);
    expect(damagedCopies()).toHaveLength(1);
  });

  it('one over-long mapping port loses that mapping and keeps the others', async () => {
    const saved = {
      ...savedByUser(),
      mappings: [mapping(1), mapping(2, 'x'.repeat(300)), mapping(3)],
    };
    const { store, notices } = storeIn(JSON.stringify(saved));
    const s = await store.load();
    expect(s.mappings).toEqual([mapping(1), mapping(3)]);
    expect(s.patterns).toEqual(saved.patterns);
    expect(s.volumeDb).toBe(-12);
    expect(notices[0]).toMatch(/1 of 3 MIDI mappings \(#2: trigger\.port: /);
  });

  it('one bad value falls back alone', async () => {
    const { store, notices } = storeIn(JSON.stringify({ ...savedByUser(), volumeDb: 'loud' }));
    const s = await store.load();
    expect(s.volumeDb).toBe(0);
    expect(s.mappings).toHaveLength(3);
    expect(notices[0]).toMatch(/the volume \(/);
  });

  it('a volume above 0 dB saved when +6 was the top comes back as 0 dB, without a notice', async () => {
    for (const [saved, loaded] of [
      [6, 0],
      [2.5, 0],
      [0, 0],
      [-6, -6],
    ] as const) {
      const { store, notices, damagedCopies } = storeIn(
        JSON.stringify({ ...savedByUser(), volumeDb: saved }),
      );
      const s = await store.load();
      expect(s.volumeDb).toBe(loaded);
      expect(s.mappings).toHaveLength(3);
      expect(notices).toEqual([]);
      expect(damagedCopies()).toEqual([]);
    }
    // Louder than any Sampledeck ever allowed is damage, as before.
    const { store, notices } = storeIn(JSON.stringify({ ...savedByUser(), volumeDb: 40 }));
    expect((await store.load()).volumeDb).toBe(0);
    expect(notices[0]).toMatch(/the volume \(/);
  });

  it('a change made before the file is read is applied on top of it, never over it', async () => {
    const { store, file } = storeIn(JSON.stringify(savedByUser()));
    const loading = store.load();
    const change = store.update({ volumeDb: -3 });
    await Promise.all([loading, change]);
    const onDisk = JSON.parse(readFileSync(file, 'utf8')) as ReturnType<typeof savedByUser>;
    expect(onDisk.volumeDb).toBe(-3);
    expect(onDisk.patterns).toEqual(savedByUser().patterns);
    expect(onDisk.mappings).toHaveLength(3);
  });

  it('dispose waits for a change made just before it (the last change before quitting)', async () => {
    const { store, file } = storeIn(JSON.stringify(savedByUser()));
    await store.load();
    void store.update({ volumeDb: -3 });
    await store.dispose();
    expect((JSON.parse(readFileSync(file, 'utf8')) as { volumeDb: number }).volumeDb).toBe(-3);
  });

  it('a settings file that cannot be read is never written over', async () => {
    const { store, file, notices } = storeIn(null);
    mkdirSync(file); // EISDIR: there, but unreadable as a file
    await store.load();
    await store.update({ volumeDb: -3 });
    expect(notices[0]).toMatch(/could not be read .*will not write over/);
    expect(readdirSync(file)).toEqual([]);
  });
});

describe('settings.json: a burst of changes is not a burst of writes', () => {
  it('twenty quick changes (step clicks) are written at most twice, and the last one is kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-settings-'));
    const file = join(dir, 'settings.json');
    let writes = 0;
    const store = new SettingsStore({
      file,
      writeFile: (...args) => {
        writes += 1;
        return writeFileAtomically(...args);
      },
    });
    await store.load();
    const changes = Array.from({ length: 20 }, (_, i) => store.update({ clockBpm: 100 + i }));
    await Promise.all(changes);
    // One for the first change, one carrying the nineteen made while it was written.
    expect(writes).toBeLessThanOrEqual(2);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ clockBpm: 119 });
    await store.update({ loop: true });
    expect(writes).toBeLessThanOrEqual(3);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ clockBpm: 119, loop: true });
  });
});
