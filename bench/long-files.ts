/**
 * Long compressed files in the real audio process, into an ALSA file device over /dev/null:
 * for a 1-hour FLAC (no SEEKTABLE) and a 1-hour VBR MP3 (Xing), with a 1-hour WAV as the
 * baseline: median time from a play request to the first PCM written to the device, time from
 * a seek to the first PCM at the new place (several positions, while playing), a cold start
 * 50 minutes in (a VBR MP3 not indexed yet: its frames are walked; a CBR one: computed), and the audio process's RSS growth while each plays
 * at several places. The old MP3 start (decoding from the top) is timed in this process for
 * 9 minutes in. One JSON line. The files are made once under .bench-data/ (about a minute).
 */
import { latencyStats, startBenchAudio } from './bench-audio';
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { readAudioHeaderSync } from '../src/main/formats/read-header-file';
import { frameHeader } from '../src/main/formats/mp3';
import { BENCH_DATA, longWav, round, useNullAudioDevice } from './bench-data';

const HOUR = 3600;
const RATE = 44100;
const RUNS = 9;

/** A 1-hour 16-bit stereo FLAC of a slow sweep, without a SEEKTABLE. */
function hourFlac(): string {
  const path = join(BENCH_DATA, 'sweep-1h-noseektable.flac');
  if (existsSync(path)) return path;
  const raw = ['-r', `${RATE}`, '-c', '2', '-b', '16', '-e', 'signed', '-t', 'raw'];
  execFileSync(
    'sh',
    [
      '-c',
      `sox -n ${raw.join(' ')} - synth ${HOUR} sine 200-6000 vol 0.5 | flac -s -f --no-seektable ` +
        `--force-raw-format --endian=little --sign=signed --channels=2 --bps=16 ` +
        `--sample-rate=${RATE} -o "${path}.partial" -`,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  renameSync(`${path}.partial`, path);
  return path;
}

/**
 * A 1-hour MP3: one minute of a sweep with noise encoded by lame (`args`), its frames repeated
 * 60 times behind the first minute's Xing/Info frame, whose frame count is set to the total.
 * At 48 kHz and 128 kbit/s every frame is 384 bytes, so the repeats stay constant-bitrate.
 */
function hourMp3(name: string, rate: number, args: string[]): string {
  const path = join(BENCH_DATA, `sweep-1h-${name}.mp3`);
  if (existsSync(path)) return path;
  const wav = join(BENCH_DATA, 'minute.wav');
  const minute = join(BENCH_DATA, 'minute.mp3');
  const synth = ['sine', '200-6000', 'vol', '0.5', 'synth', 'pinknoise', 'mix'];
  execFileSync('sox', ['-r', `${rate}`, '-c', '2', '-n', '-b', '16', wav, 'synth', '60', ...synth]);
  execFileSync('lame', ['--quiet', ...args, wav, minute]);
  const bytes = readFileSync(minute);
  const { result } = readAudioHeaderSync(minute);
  if (result.kind !== 'ok') throw new Error(`lame made no readable MP3: ${JSON.stringify(result)}`);
  const body = bytes.subarray(result.header.dataOffset);
  const info = Buffer.from(bytes.subarray(0, result.header.dataOffset));
  const tag = Math.max(info.indexOf('Xing'), info.indexOf('Info'));
  let frames = 0;
  for (let at = 0; at + 4 <= body.length; frames++)
    at += frameHeader(body, at)?.bytes ?? body.length;
  if (tag < 0 || !(info.readUInt32BE(tag + 4) & 1)) throw new Error('lame wrote no frame count');
  info.writeUInt32BE(frames * 60, tag + 8);
  if (info.readUInt32BE(tag + 4) & 2) info.writeUInt32BE(info.length + body.length * 60, tag + 12);
  writeFileSync(`${path}.partial`, Buffer.concat([info, ...Array<Buffer>(60).fill(body)]));
  renameSync(`${path}.partial`, path);
  return path;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1000;
}

/** The old MP3 start: mpg123 decodes from the top to the position (here 9 minutes in). */
async function decodeFromTopMs(path: string, seconds: number): Promise<number> {
  const { MPEGDecoder } = await import('mpg123-decoder');
  const decoder = new MPEGDecoder({ enableGapless: true });
  await decoder.ready;
  const bytes = readFileSync(path);
  const started = performance.now();
  let samples = 0;
  for (let at = 0; samples < seconds * RATE; at += 8192) {
    samples += decoder.decode(bytes.subarray(at, at + 8192)).samplesDecoded;
  }
  const ms = performance.now() - started;
  decoder.free();
  return ms;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  useNullAudioDevice();
  mkdirSync(BENCH_DATA, { recursive: true });
  const files = {
    wav: longWav(HOUR * RATE * 4 + 44),
    flac: hourFlac(),
    mp3: hourMp3('vbr', RATE, ['-V2']),
  };
  const cbrMp3 = hourMp3('cbr-48k', 48000, ['-b', '128']);

  const audio = await startBenchAudio();
  const { engine } = audio;
  let playId = 0;
  const firstWrite = async (id: number) => (await audio.next('first-write', id)).at;
  const now = () => performance.timeOrigin + performance.now();
  const play = (path: string, startFrame: number) => {
    const id = ++playId;
    engine.send({ type: 'play', playId: id, path, startFrame, loop: false, gain: 1 });
    return id;
  };
  const stop = async () => {
    engine.send({ type: 'stop' });
    await sleep(30);
  };

  const firstPcm: Record<string, number[]> = { wav: [], flac: [], mp3: [] };
  const seek: Record<string, number[]> = { wav: [], flac: [], mp3: [] };
  const positions = [0.1, 0.5, 0.9, 0.25, 0.75, 0.05, 0.6];
  for (let run = 0; run < RUNS; run++) {
    for (const [kind, path] of Object.entries(files)) {
      const at = now();
      const id = play(path, 0);
      firstPcm[kind]!.push((await firstWrite(id)) - at);
      await stop();
    }
  }
  for (const [kind, path] of Object.entries(files)) {
    const id = play(path, 0);
    await firstWrite(id);
    for (const fraction of positions) {
      await sleep(150);
      const written = firstWrite(id);
      const at = now();
      engine.send({ type: 'seek', playId: id, frame: Math.round(fraction * HOUR * RATE) });
      seek[kind]!.push((await written) - at);
    }
    await stop();
  }

  // Cold: a fresh copy (a new file to the audio process, nothing of it indexed) started 50
  // minutes in, after the code paths are warm.
  const coldVbr = join(BENCH_DATA, 'cold-vbr.mp3');
  const coldCbr = join(BENCH_DATA, 'cold-cbr.mp3');
  copyFileSync(files.mp3, coldVbr);
  copyFileSync(cbrMp3, coldCbr);
  const coldAt = now();
  const coldId = play(coldVbr, 50 * 60 * RATE);
  const coldMp3StartAt50MinMs = (await firstWrite(coldId)) - coldAt;
  await stop();
  const coldCbrAt = now();
  const coldCbrId = play(coldCbr, 50 * 60 * 48000);
  const coldCbrMp3StartAt50MinMs = (await firstWrite(coldCbrId)) - coldCbrAt;
  await stop();
  rmSync(coldVbr);
  rmSync(coldCbr);

  // Memory: each file plays 1.5 s at each of four places (seeks between), RSS sampled.
  await sleep(300);
  const rss: Record<string, { beforeMb: number; peakMb: number }> = {};
  for (const [kind, path] of Object.entries(files)) {
    const before = rssMb(audio.pid());
    let peak = before;
    const id = play(path, 0);
    for (const fraction of [0, 0.3, 0.6, 0.95]) {
      if (fraction > 0)
        engine.send({ type: 'seek', playId: id, frame: Math.round(fraction * HOUR * RATE) });
      for (let i = 0; i < 15; i++) {
        await sleep(100);
        peak = Math.max(peak, rssMb(audio.pid()));
      }
    }
    await stop();
    rss[kind] = { beforeMb: round(before), peakMb: round(peak) };
  }
  engine.dispose();
  const oldMp3StartAt9MinMs = await decodeFromTopMs(files.mp3, 9 * 60);

  const stats = latencyStats;
  const figures = (kind: string) => ({
    firstPcm: stats(firstPcm[kind]!),
    seek: stats(seek[kind]!),
    rssGrowthMb: round(rss[kind]!.peakMb - rss[kind]!.beforeMb),
  });
  console.log(
    JSON.stringify({
      bench: 'long-files',
      runs: RUNS,
      what: 'request in main -> first chunk written to the ALSA device; seeks while playing',
      flac1hNoSeektable: figures('flac'),
      mp3VbrOneHour: { ...figures('mp3'), coldStartAt50MinMs: round(coldMp3StartAt50MinMs, 2) },
      mp3CbrOneHourColdStartAt50MinMs: round(coldCbrMp3StartAt50MinMs, 2),
      baseline: {
        wavOneHour: figures('wav'),
        oldMp3StartDecodingFromTopAt9MinMs: Math.round(oldMp3StartAt9MinMs),
      },
      audioProcessRssMb: rss,
    }),
  );
  process.exit(0);
}

void main();
