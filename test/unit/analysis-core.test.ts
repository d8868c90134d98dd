/**
 * The analysis through the real core (built workers: `npm run build` first): a folder added to
 * the library is analysed in the background, its progress told as events, the results kept in
 * analysis.db in the user-data folder and found again by the next core without analysing.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { AnalysisProgress, SimilarResult } from '../../src/shared/contract';
import { makeAiff, makeWav } from '../fixtures/audio-files';
import { createTestCore } from '../fixtures/test-core';

describe('analysis through the core', { timeout: 60_000 }, () => {
  it('analyses what a scan adds, keeps it in analysis.db, and answers find-similar', async () => {
    const userDataDir = mkdtempSync(join(tmpdir(), 'sd-analysis-core-'));
    const root = mkdtempSync(join(tmpdir(), 'sd-analysis-lib-'));
    const names = ['kick.wav', 'snare.wav', 'pad.aif', 'hat.wav', 'broken.wav'];
    writeFileSync(join(root, 'kick.wav'), makeWav({ frames: 4410 }));
    writeFileSync(join(root, 'snare.wav'), makeWav({ frames: 8820, bits: 24 }));
    writeFileSync(join(root, 'pad.aif'), makeAiff({ channels: 2, frames: 22050 }));
    writeFileSync(join(root, 'hat.wav'), makeWav({ frames: 2205, codec: 'float' }));
    writeFileSync(join(root, 'broken.wav'), makeWav({ frames: 4410 }));

    const { core, call } = createTestCore({ userDataDir });
    const events: AnalysisProgress[] = [];
    core.subscribe((name, payload) => {
      if (name === 'analysis:progress') events.push(payload as AnalysisProgress);
    });
    try {
      // Paused: the library is scanned, nothing analysed until analysis:start.
      expect(await call('analysis:cancel', {})).toMatchObject({ paused: true });
      await call('library:add', { paths: [root] });
      await core.library.idle();
      expect(await call('analysis:state', {})).toMatchObject({ active: false, done: 0 });
      // Spoilt after the scan read it (no watching here): the analysis must name it.
      writeFileSync(join(root, 'broken.wav'), 'no longer audio at all');
      expect(await call('analysis:start', {})).toMatchObject({ paused: false });
      await vi.waitFor(
        () => expect(events.at(-1)).toMatchObject({ active: false, done: 4, failed: 1 }),
        { timeout: 30_000 },
      );
      expect(events.at(-1)!.total).toBe(names.length);
      expect(await call('analysis:state', {})).toMatchObject({ done: 4, total: 5, failed: 1 });
      expect(core.analysis.failed()[0]!.error).toMatch(/^broken\.wav: /);
      // The window lists it by path, with the reason.
      const failures = await call<{ total: number; problems: { path: string; reason: string }[] }>(
        'analysis:failures',
        {},
      );
      expect(failures.total).toBe(1);
      expect(failures.problems[0]!.path).toBe(join(root, 'broken.wav'));
      expect(failures.problems[0]!.reason).toMatch(/^broken\.wav: \S/);
      await vi.waitFor(() => expect(core.analysis.of(join(root, 'kick.wav'))).not.toBeNull());
      const similar = await call<SimilarResult>('analysis:similar', {
        path: join(root, 'kick.wav'),
        weights: { timbre: 1, pitch: 0.5, envelope: 0.5 },
        limit: 10,
      });
      expect(similar.matches.map((m) => m.path).sort()).toEqual(
        ['snare.wav', 'pad.aif', 'hat.wav'].map((n) => join(root, n)).sort(),
      );
      await expect(
        call('analysis:similar', {
          path: 'relative',
          weights: { timbre: 2, pitch: 0, envelope: 0 },
        }),
      ).rejects.toThrow();
    } finally {
      await core.dispose();
    }
    expect(existsSync(join(userDataDir, 'analysis.db'))).toBe(true);

    const again = createTestCore({ userDataDir });
    try {
      await again.core.ready;
      await vi.waitFor(() => expect(again.core.analysis.of(join(root, 'pad.aif'))).not.toBeNull(), {
        timeout: 10_000,
      });
    } finally {
      await again.core.dispose();
    }
  });
});
