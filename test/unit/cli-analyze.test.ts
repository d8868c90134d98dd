/**
 * `sampledeck analyze` (the built CLI) on real files: one line per file in name order, the
 * analysis fields as JSON, a file it cannot decode named with its reason among the others.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeAiff, makeWav } from '../fixtures/audio-files';
import { builtEntry } from '../fixtures/built';
import { Encoder } from '../fixtures/encoded-files';

const env = { ...process.env, XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'sd-config-')) };

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, [builtEntry('cli'), ...args], { encoding: 'utf8', env });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const FIELDS = [
  'path',
  'lufs',
  'mmax',
  'lra',
  'samplePeakDb',
  'truePeakDb',
  'rmsDb',
  'leadSec',
  'tailSec',
  'kind',
  'beats',
  'bpm',
  'bpmAlt',
  'key',
  'keyConf',
  'rootMidi',
  'centroidHz',
  'bpmSource',
  'error',
];

describe('sampledeck analyze', { timeout: 60_000 }, () => {
  it('prints one JSON object per file, in name order, with a bad file named among them', () => {
    const root = mkdtempSync(join(tmpdir(), 'sd-cli-analyze-'));
    mkdirSync(join(root, 'sub'));
    writeFileSync(join(root, 'a kick.wav'), makeWav({ frames: 4410, bits: 24 }));
    writeFileSync(join(root, 'b pad.aif'), makeAiff({ channels: 2, frames: 22050 }));
    writeFileSync(join(root, 'c broken.wav'), 'not a wav at all');
    writeFileSync(join(root, 'notes.txt'), 'not audio, not listed');
    const encoder = new Encoder();
    writeFileSync(
      join(root, 'sub', 'd tone.flac'),
      encoder.flac({ rate: 44100, channels: 1, frames: 8820 }).bytes,
    );
    encoder.dispose();

    const { code, stdout, stderr } = cli('analyze', root, '--json');
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.path)).toEqual(
      ['a kick.wav', 'b pad.aif', 'c broken.wav', join('sub', 'd tone.flac')].map((n) =>
        join(root, n),
      ),
    );
    for (const line of lines) expect(Object.keys(line)).toEqual(FIELDS);
    expect(lines.map((l) => l.error === null)).toEqual([true, true, false, true]);
    expect(lines[2]!.error).toMatch(/^c broken\.wav: /);
    expect(stderr).toMatch(/^4 files, 1 problems, [\d.]+ s$/m);

    const human = cli('analyze', join(root, 'c broken.wav'), join(root, 'a kick.wav'));
    expect(human.code).toBe(0);
    const [bad, good] = human.stdout.split('\n');
    expect(bad).toMatch(new RegExp(`^${join(root, 'c broken.wav')}\terror\tc broken\\.wav: `));
    expect(good!.startsWith(`${join(root, 'a kick.wav')}\t`)).toBe(true);
  });

  it('fails with a reason for a path that does not exist', () => {
    const { code, stderr } = cli('analyze', '/no/such/folder');
    expect(code).toBe(1);
    expect(stderr).toContain('/no/such/folder: no such file or folder');
  });
});
