/** What the clock benches share: Sampledeck's MIDI with a probe on its clock thread, and error percentiles. */
import { join, resolve } from 'node:path';
import type { MidiProbe } from '../src/main/midi/clock-master';
import type { InternalBus } from '../src/main/midi/internal-bus';
import { createMidi, type Midi } from '../src/main/midi/midi-feature';
import { round } from './bench-data';

const OUT = resolve(__dirname, '..', 'out', 'main');

/** Sampledeck's MIDI on the internal bus only (no hardware), its clock thread from out/main. */
export function probedMidi(bus: InternalBus, probe: MidiProbe): Midi {
  return createMidi({
    bus,
    createHardware: () => Promise.reject(new Error('not used')),
    onState: () => undefined,
    onBatch: () => undefined,
    onClock: () => undefined,
    clockWorkerPath: join(OUT, 'clock-worker.js'),
    probe,
  });
}

/** Percentiles of the errors' magnitudes, ms. */
export function errorSummary(errors: number[]) {
  const abs = errors.map(Math.abs).sort((a, b) => a - b);
  const at = (p: number) =>
    round(abs[Math.min(abs.length - 1, Math.floor((abs.length * p) / 100))] ?? NaN, 3);
  return { n: errors.length, p50Ms: at(50), p99Ms: at(99), maxMs: at(100) };
}
