/**
 * Playback: time from a play request in main to the first PCM bytes written to the device, for
 * a 1 GB and a 1 s WAV, against reading the file whole first (the baseline); memory of main and
 * the audio process while a 1 GB file plays; main's event-loop delay meanwhile, with the file's
 * waveform being computed. Audio goes to an ALSA file device over /dev/null. One JSON line.
 */
import { latencyStats, OUT, startBenchAudio } from './bench-audio';
import { readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { WorkerPool } from '../src/main/workers/worker-pool';
import { buildWav } from '../test/fixtures/audio-files';
import { BENCH_DATA, longWav, round, useNullAudioDevice } from './bench-data';

const RUNS = 15;

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1000;
}

async function main() {
  useNullAudioDevice();
  const big = longWav();
  const small = join(BENCH_DATA, 'one-second.wav');
  writeFileSync(small, buildWav({ channels: 2, sampleRate: 44100, frames: 44100 }).bytes);

  const audio = await startBenchAudio();
  const { engine } = audio;
  let playId = 0;

  /** ms from the request to the first write, after `prepare` (the baseline reads the file). */
  const firstWrite = async (path: string, prepare?: () => Promise<unknown>) => {
    const id = ++playId;
    const requested = performance.timeOrigin + performance.now();
    await prepare?.();
    const written = audio.next('first-write', id);
    engine.send({ type: 'play', playId: id, path, startFrame: 0, loop: false, gain: 1 });
    const { at } = await written;
    engine.send({ type: 'stop' });
    await new Promise((r) => setTimeout(r, 30));
    return at - requested;
  };

  const latency: Record<string, number[]> = {
    big: [],
    small: [],
    bigBaseline: [],
    smallBaseline: [],
  };
  for (let run = 0; run < RUNS; run++) {
    latency.small!.push(await firstWrite(small));
    latency.big!.push(await firstWrite(big));
    latency.smallBaseline!.push(await firstWrite(small, () => readFile(small)));
    if (run < 3) latency.bigBaseline!.push(await firstWrite(big, () => readFile(big)));
  }

  // Memory and event loop while the 1 GB file plays for 5 s and its peaks are computed.
  if (global.gc) global.gc();
  await new Promise((r) => setTimeout(r, 300));
  const before = { main: rssMb(process.pid), audio: rssMb(audio.pid()) };
  const pool = new WorkerPool(join(OUT, 'file-worker.js'), 1);
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const id = ++playId;
  engine.send({ type: 'play', playId: id, path: big, startFrame: 0, loop: false, gain: 1 });
  const peaksStart = performance.now();
  const peaks = pool.peaks({ path: big, buckets: 2000 }).then(() => performance.now() - peaksStart);
  let peak = { main: 0, audio: 0 };
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 100));
    peak = {
      main: Math.max(peak.main, rssMb(process.pid)),
      audio: Math.max(peak.audio, rssMb(audio.pid())),
    };
  }
  const peaksMs = await peaks;
  delay.disable();
  engine.send({ type: 'stop' });
  await pool.dispose();
  engine.dispose();

  const stats = latencyStats;
  console.log(
    JSON.stringify({
      bench: 'playback',
      runs: RUNS,
      firstPcmWrite: {
        what: 'play request in main -> first chunk written to the ALSA device (speaker write callback)',
        oneSecondWav: stats(latency.small!),
        oneGbWav: stats(latency.big!),
        baselineReadWholeThenPlay: {
          oneSecondWav: stats(latency.smallBaseline!),
          oneGbWav: stats(latency.bigBaseline!),
        },
      },
      memoryWhilePlaying1Gb: {
        mainBeforeMb: round(before.main),
        audioBeforeMb: round(before.audio),
        riseMb: round(peak.main + peak.audio - before.main - before.audio),
      },
      mainEventLoopWhilePlayingAndPeaks: {
        p99Ms: round(delay.percentile(99) / 1e6, 2),
        maxMs: round(delay.max / 1e6, 2),
        peaksOf1GbMs: Math.round(peaksMs),
      },
    }),
  );
  process.exit(0);
}

void main();
