/**
 * Ogg playback: time from a play request in main to the first PCM written to the device for a
 * 1-hour Ogg Vorbis and a 1-hour Ogg Opus, from the top and from random positions inside (a
 * seek is a new play at the frame), against a 1 s WAV in the same run (nothing to decode); and
 * the start page found by bisection against reading the pages from the top to it (the linear
 * scan it replaces). Audio goes to an ALSA file device over /dev/null. One JSON line.
 *
 * The two files are encoded once (oggenc, opusenc; a few minutes) into .bench-data/.
 */
import { latencyStats, startBenchAudio } from './bench-audio';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { findPageBefore, OggPageReader } from '../src/main/audio/ogg-pages';
import { readAudioHeaderSync } from '../src/main/formats/read-header-file';
import { buildWav } from '../test/fixtures/audio-files';
import { seededRandom } from '../test/fixtures/seeded-random';
import { BENCH_DATA, median, round, useNullAudioDevice } from './bench-data';

const RUNS = 15;
const HOUR = 3600;

/** A 1-hour stereo file of pink noise and a sine, encoded once and reused. */
function hourLong(codec: 'vorbis' | 'opus'): string {
  mkdirSync(BENCH_DATA, { recursive: true });
  const path = join(BENCH_DATA, codec === 'vorbis' ? 'hour.ogg' : 'hour.opus');
  if (existsSync(path)) return path;
  const rate = codec === 'vorbis' ? '44100' : '48000';
  const partial = `${path}.partial`;
  const synth = `sox -r ${rate} -c 2 -n -b 16 -t wav - synth ${HOUR} pinknoise sine 220 vol 0.3 2>/dev/null`;
  const encode =
    codec === 'vorbis' ? `oggenc -Q -o '${partial}' -` : `opusenc --quiet - '${partial}'`;
  execFileSync('sh', ['-c', `${synth} | ${encode}`], { stdio: 'inherit' });
  renameSync(partial, path);
  return path;
}

function headerOf(path: string) {
  const { result } = readAudioHeaderSync(path);
  if (result.kind !== 'ok') throw new Error(`${path}: ${result.reason}`);
  return result.header;
}

/** ms to find the start page for `goal`: by bisection, and by reading pages from the top. */
async function pageLookup(path: string, goal: number) {
  const header = headerOf(path);
  const handle = await open(path, 'r');
  const serial = (await handle.read(Buffer.alloc(27), 0, 27, 0)).buffer.readUInt32LE(14);
  const end = header.dataOffset + header.dataBytes;
  const bisection: number[] = [];
  const linear: number[] = [];
  for (let run = 0; run < 5; run++) {
    let t = performance.now();
    const found = await findPageBefore(handle, serial, header.dataOffset, end, goal);
    bisection.push(performance.now() - t);
    t = performance.now();
    const reader = new OggPageReader(handle, header.dataOffset, serial);
    let last = null;
    for (let page = await reader.page(); page && page.granule <= goal; page = await reader.page()) {
      if (page.granule >= 0) last = page.at;
    }
    linear.push(performance.now() - t);
    if (last !== found?.at) throw new Error(`bisection found ${found?.at}, the scan ${last}`);
  }
  await handle.close();
  return { bisectionMs: round(median(bisection), 2), linearScanMs: round(median(linear), 1) };
}

async function main() {
  useNullAudioDevice();
  const vorbis = hourLong('vorbis');
  const opus = hourLong('opus');
  const small = join(BENCH_DATA, 'one-second.wav');
  writeFileSync(small, buildWav({ channels: 2, sampleRate: 44100, frames: 44100 }).bytes);

  const audio = await startBenchAudio();
  const { engine } = audio;
  let playId = 0;

  /** ms from the request to the first write to the device. */
  const firstWrite = async (path: string, startFrame = 0) => {
    const id = ++playId;
    const requested = performance.timeOrigin + performance.now();
    const written = audio.next('first-write', id);
    engine.send({ type: 'play', playId: id, path, startFrame, loop: false, gain: 1 });
    const { at } = await written;
    engine.send({ type: 'stop' });
    await new Promise((r) => setTimeout(r, 30));
    return at - requested;
  };

  const random = seededRandom(12);
  const frames = { vorbis: headerOf(vorbis).frames, opus: headerOf(opus).frames };
  const latency: Record<string, number[]> = {
    wav: [],
    vorbisTop: [],
    opusTop: [],
    vorbisSeek: [],
    opusSeek: [],
  };
  for (let run = 0; run < RUNS; run++) {
    latency.wav!.push(await firstWrite(small));
    latency.vorbisTop!.push(await firstWrite(vorbis));
    latency.opusTop!.push(await firstWrite(opus));
    latency.vorbisSeek!.push(await firstWrite(vorbis, Math.floor(random() * frames.vorbis)));
    latency.opusSeek!.push(await firstWrite(opus, Math.floor(random() * frames.opus)));
  }
  engine.dispose();

  const stats = latencyStats;
  console.log(
    JSON.stringify({
      bench: 'ogg-playback',
      runs: RUNS,
      firstPcmWrite: {
        what: 'play request in main -> first chunk written to the ALSA device; seek = play at a random frame',
        baselineOneSecondWav: stats(latency.wav!),
        vorbisHourFromTop: stats(latency.vorbisTop!),
        opusHourFromTop: stats(latency.opusTop!),
        vorbisHourAtRandomFrame: stats(latency.vorbisSeek!),
        opusHourAtRandomFrame: stats(latency.opusSeek!),
      },
      startPageAtMiddleOfHour: {
        vorbis: await pageLookup(vorbis, Math.floor(frames.vorbis / 2)),
        opus: await pageLookup(opus, Math.floor(frames.opus / 2)),
      },
    }),
  );
  process.exit(0);
}

void main();
