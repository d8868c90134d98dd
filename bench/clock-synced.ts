/**
 * Clock-synced preview and sequencer timing, through the whole core at 120 BPM on Sampledeck's
 * own clock: (1) "play on next bar": the first sample written to the device (an ALSA file
 * device over /dev/null) against the bar line of the generator's timeline; (2) each sequencer
 * note-on against the clock pulse it belongs to, both as received on the internal bus. Baseline
 * for (1): pressing play when the bar line's pulse arrives on main. One JSON line.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { InvokeResult, LibraryPage } from '../src/shared/contract';
import type { AudioProcessMessage } from '../src/main/audio/audio-protocol';
import { nodeAudioLauncher } from '../src/main/audio/node-audio-launcher';
import { createCore } from '../src/main/core';
import { buildWav } from '../test/fixtures/audio-files';
import { median, round, useNullAudioDevice } from './bench-data';

const OUT = resolve(__dirname, '..', 'out', 'main');
const RUNS = 10;

const stats = (values: number[]) => {
  const abs = values.map(Math.abs).sort((a, b) => a - b);
  return {
    n: values.length,
    medianMs: round(median(abs), 3),
    p99Ms: round(abs[Math.min(abs.length - 1, Math.floor(abs.length * 0.99))] ?? NaN, 3),
    maxMs: round(abs.at(-1) ?? NaN, 3),
  };
};

async function main() {
  useNullAudioDevice();
  const firstWrites = new Map<number, number>();
  const core = createCore({
    appVersion: 'bench',
    shell: 'cli',
    versions: { node: process.versions.node, v8: process.versions.v8 },
    userDataDir: mkdtempSync(join(tmpdir(), 'sd-bench-sync-')),
    launchAudioProcess: nodeAudioLauncher(join(OUT, 'audio-process.js')),
    fileWorkerPath: join(OUT, 'file-worker.js'),
    clockWorkerPath: join(OUT, 'clock-worker.js'),
    createMidiHardware: () => Promise.reject(new Error('not used')),
    watchFolders: false,
    onAudioMessage: (m: AudioProcessMessage) => {
      if (m.type === 'first-write') firstWrites.set(m.playId, m.at);
    },
  });
  const call = async <T>(channel: string, args: unknown): Promise<T> => {
    const r = (await core.dispatch(channel, args)) as InvokeResult<T>;
    if (!r.ok) throw new Error(r.error.message);
    return r.result;
  };
  const folder = mkdtempSync(join(tmpdir(), 'sd-bench-sync-lib-'));
  mkdirSync(join(folder, 'x'));
  writeFileSync(
    join(folder, 'x', 'loop.wav'),
    buildWav({ channels: 2, sampleRate: 44100, frames: 22050 }).bytes,
  );
  await core.ready;
  await call('library:add', { paths: [folder] });
  await core.library.idle();
  const { rows } = await call<LibraryPage>('library:query', { query: {}, offset: 0, limit: 1 });
  const id = rows[0]!.id;
  while (
    (await call<{ audio: { state: string } }>('system:info', {})).audio.state !== 'available'
  ) {
    await new Promise((r) => setTimeout(r, 50));
  }

  // The generator's timeline as the bus delivers it: pulse k, and when it left the clock thread.
  const pulses: number[] = [];
  const pulsesReceived: number[] = [];
  const notesReceived: number[] = [];
  core.bus.openInput('Sampledeck Clock', (bytes, t) => {
    if (bytes[0] !== 0xf8) return;
    pulses.push(performance.timeOrigin + t);
    pulsesReceived.push(performance.now());
  });
  // The service hears each pulse before this listener does (it subscribed first), so a note
  // is matched afterwards to its pulse: the first one this listener got at or after it.
  core.bus.openInput('Sampledeck Sequencer', (bytes) => {
    if ((bytes[0]! & 0xf0) === 0x90 && bytes[2]! > 0) notesReceived.push(performance.now());
  });
  await call('clock:configure', { bpm: 120 });
  await call('clock:transport', { action: 'start' });
  await new Promise((r) => setTimeout(r, 500));

  const barErrors: number[] = [];
  const baselineErrors: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const state = await call<{ playId: number }>('player:play', { id, onNextBar: true });
    const playIdSeen = state.playId;
    while (!firstWrites.has(playIdSeen)) await new Promise((r) => setTimeout(r, 5));
    const at = firstWrites.get(playIdSeen)!;
    await new Promise((r) => setTimeout(r, 50)); // the bar line's pulse is on the bus too by now
    // The bar line this start belongs to: the generator's pulse 96·k nearest to it.
    const bar = pulses
      .filter((_, k) => k % 96 === 0)
      .reduce((a, b) => (Math.abs(b - at) < Math.abs(a - at) ? b : a));
    barErrors.push(at - bar);

    // Baseline: wait for the bar's pulse to reach main, then press play.
    const target = Math.floor(pulses.length / 96 + 1) * 96;
    while (pulses.length <= target) await new Promise((r) => setImmediate(r));
    const plain = await call<{ playId: number }>('player:play', { id });
    while (!firstWrites.has(plain.playId)) await new Promise((r) => setTimeout(r, 5));
    baselineErrors.push(firstWrites.get(plain.playId)! - pulses[target]!);
  }
  await call('clock:transport', { action: 'stop' });
  const noteErrors = notesReceived.flatMap((t) => {
    const k = pulsesReceived.findIndex((p) => p >= t);
    // Against the moment its pulse left the clock thread: main's delivery plus the sequencer.
    return k < 0 ? [] : [performance.timeOrigin + t - pulses[k]!];
  });
  console.log(
    JSON.stringify({
      bench: 'clock-synced',
      bpm: 120,
      playOnNextBar: {
        what: 'first PCM write to the device minus the bar line (generator timeline)',
        ...stats(barErrors),
      },
      baselinePlayWhenBarPulseArrives: stats(baselineErrors),
      sequencerNoteOnAfterItsPulse: {
        what: 'note-on on the bus minus when its clock pulse left the clock thread',
        ...stats(noteErrors),
      },
    }),
  );
  await core.dispose();
  process.exit(0);
}

void main();
