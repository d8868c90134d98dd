/**
 * Clock-synced preview through the whole core at 120 BPM on Sampledeck's own clock: "play on
 * next bar", measured through the ALSA file capture. Each play opens the device afresh, so each
 * capture file is one device stream: it begins when the first chunk reached the device (the
 * audio process reports that moment) and runs at the sample rate, so the offset of the file's
 * first frame in it says when that frame sounds. That moment minus the bar line of the
 * generator's timeline (when the bar's pulse left the clock thread) is the error. Baseline:
 * pressing play when the bar line's pulse arrives on main. One JSON line.
 */
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { InvokeResult, LibraryPage } from '../src/shared/contract';
import type { AudioProcessMessage } from '../src/main/audio/audio-protocol';
import { nodeAudioLauncher } from '../src/main/audio/node-audio-launcher';
import { createCore } from '../src/main/core';
import { alsaFileDevice } from '../test/fixtures/alsa-file-device';
import { buildWav } from '../test/fixtures/audio-files';
import { median, round } from './bench-data';

const OUT = resolve(__dirname, '..', 'out', 'main');
const RUNS = 10;
const RATE = 44100;
const FRAME_BYTES = 4;
/** The device closes this long after the end (idle close is 500 ms); then its file is complete. */
const CLOSED_AFTER_MS = 800;

const stats = (values: number[]) => {
  const abs = values.map(Math.abs).sort((a, b) => a - b);
  return {
    n: values.length,
    medianMs: round(median(abs), 3),
    maxMs: round(abs.at(-1) ?? NaN, 3),
  };
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const device = alsaFileDevice();
  Object.assign(process.env, device.env);
  const captures = dirname(device.capturePath);
  /** The newest capture file: the stream of the device session that just closed. */
  const lastCapture = () => {
    const newest = readdirSync(captures)
      .filter((f) => f.startsWith('capture.raw'))
      .map((f) => join(captures, f))
      .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs)
      .at(-1);
    return newest ? readFileSync(newest) : Buffer.alloc(0);
  };

  const firstWrites = new Map<number, number>();
  const ended = new Set<number>();
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
    probe: {
      audioMessage: (m: AudioProcessMessage) => {
        if (m.type === 'first-write') firstWrites.set(m.playId, m.at);
        if (m.type === 'ended') ended.add(m.playId);
      },
    },
  });
  const call = async <T>(channel: string, args: unknown): Promise<T> => {
    const r = (await core.dispatch(channel, args)) as InvokeResult<T>;
    if (!r.ok) throw new Error(r.error.message);
    return r.result;
  };
  const folder = mkdtempSync(join(tmpdir(), 'sd-bench-sync-lib-'));
  mkdirSync(join(folder, 'x'));
  const wav = buildWav({ channels: 2, sampleRate: RATE, frames: RATE / 4 });
  writeFileSync(join(folder, 'x', 'hit.wav'), wav.bytes);
  const pcm = wav.bytes.subarray(wav.dataOffset, wav.dataOffset + wav.dataBytes);
  await core.ready;
  await call('library:add', { paths: [folder] });
  await core.library.idle();
  const { rows } = await call<LibraryPage>('library:query', { query: {}, offset: 0, limit: 1 });
  const id = rows[0]!.id;
  while (
    (await call<{ audio: { state: string } }>('system:info', {})).audio.state !== 'available'
  ) {
    await sleep(50);
  }

  // The generator's timeline: when each pulse left the clock thread (epoch ms).
  const pulses: number[] = [];
  core.bus.openInput('Sampledeck Clock', (bytes, t) => {
    if (bytes[0] === 0xf8) pulses.push(performance.timeOrigin + t);
  });
  /** Plays, waits for the device to close, and says when the file's first frame sounded. */
  const firstFrameAt = async (onNextBar: boolean): Promise<number> => {
    const { playId } = await call<{ playId: number }>('player:play', { id, onNextBar });
    while (!ended.has(playId)) await sleep(10);
    await sleep(CLOSED_AFTER_MS);
    const stream = lastCapture();
    const lead = stream.length - pcm.length;
    if (lead < 0 || !stream.subarray(lead).equals(pcm)) {
      throw new Error(`capture of play ${playId} does not end with the file's PCM`);
    }
    return firstWrites.get(playId)! + ((lead / FRAME_BYTES) * 1000) / RATE;
  };
  const nearestBar = (at: number) =>
    pulses
      .filter((_, k) => k % 96 === 0)
      .reduce((a, b) => (Math.abs(b - at) < Math.abs(a - at) ? b : a));

  await call('clock:configure', { bpm: 120 });
  await call('clock:transport', { action: 'start' });
  await sleep(500);
  const barErrors: number[] = [];
  const baselineErrors: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const at = await firstFrameAt(true);
    barErrors.push(at - nearestBar(at));

    // Baseline: wait for a bar's pulse to reach main, then press play.
    const target = Math.floor(pulses.length / 96 + 1) * 96;
    while (pulses.length <= target) await new Promise((r) => setImmediate(r));
    const plain = await firstFrameAt(false);
    baselineErrors.push(plain - pulses[target]!);
  }
  await call('clock:transport', { action: 'stop' });
  console.log(
    JSON.stringify({
      bench: 'clock-synced',
      bpm: 120,
      playOnNextBar: {
        what: "the file's first frame on the device stream (ALSA file capture) minus the bar line",
        ...stats(barErrors),
      },
      baselinePlayWhenBarPulseArrives: stats(baselineErrors),
    }),
  );
  await core.dispose();
  process.exit(0);
}

void main();
