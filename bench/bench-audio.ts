/**
 * The audio process as the playback benches drive it: a real AudioEngine over the built
 * audio-process.js (on the null ALSA device: useNullAudioDevice first), and a way to wait for a
 * play's messages.
 */
import { join, resolve } from 'node:path';
import { AudioEngine } from '../src/main/audio/audio-engine';
import type { AudioProcessMessage } from '../src/main/audio/audio-protocol';
import { nodeAudioLauncher } from '../src/main/audio/node-audio-launcher';
import { median, round } from './bench-data';

export const OUT = resolve(__dirname, '..', 'out', 'main');

export interface BenchAudio {
  engine: AudioEngine;
  /** The audio process's pid (0 until it started): for its RSS. */
  pid: () => number;
  /** This play's first message of `type`; rejects on the play's error message. */
  next: <T extends AudioProcessMessage['type']>(
    type: T,
    playId: number,
  ) => Promise<Extract<AudioProcessMessage, { type: T }>>;
}

export async function startBenchAudio(): Promise<BenchAudio> {
  const listeners = new Set<(m: AudioProcessMessage) => void>();
  let pid = 0;
  const launch = nodeAudioLauncher(join(OUT, 'audio-process.js'));
  const engine = new AudioEngine({
    launch: () => {
      const child = launch();
      pid = child.pid ?? 0;
      return child;
    },
    onStatus: () => undefined,
  });
  engine.onMessage((m) => listeners.forEach((l) => l(m)));
  engine.start();
  while (engine.unavailableReason() !== null) await new Promise((r) => setTimeout(r, 20));
  const next: BenchAudio['next'] = (type, playId) =>
    new Promise((done, fail) => {
      const listener = (m: AudioProcessMessage) => {
        if (!('playId' in m) || m.playId !== playId) return;
        if (m.type === 'error') fail(new Error(m.message));
        else if (m.type !== type) return;
        else done(m as Extract<AudioProcessMessage, { type: typeof type }>);
        listeners.delete(listener);
      };
      listeners.add(listener);
    });
  return { engine, pid: () => pid, next };
}

/** Median and worst of a set of latencies, in ms. */
export const latencyStats = (values: number[]) => ({
  medianMs: round(median(values), 2),
  maxMs: round(Math.max(...values), 2),
});
