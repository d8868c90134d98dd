/**
 * Waveform peaks speed: computePeaksSync over a 1 GB 16-bit stereo WAV against a plain readSync
 * loop over the same file, on a warm disk cache, in the same run. Prints one JSON line.
 *
 * Two baselines, because the kernel's copy speed depends on where the buffer sits relative to
 * the file offset: on some x86 CPUs (this AMD EPYC among them) reading into a buffer 16 bytes
 * past a page boundary from a page-aligned offset is ~5× slower, and that is exactly the plain
 * loop (malloc puts a 1 MB Buffer 16 bytes past a page; it reads from offset 0). `baseline` is
 * that plain loop, which the goal names; `baselineAligned` reads into a page-aligned buffer,
 * the fastest a readSync loop gets here, and is the stricter yardstick.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { computePeaksSync, peaksUseSimd } from '../src/main/workers/peaks';
import { longWav, median, round } from './bench-data';

const RUNS = 3;
const BUCKETS = 2000;
const CHUNK = 1 << 20;

function readLoop(path: string, buffer: Buffer): void {
  const fd = openSync(path, 'r');
  try {
    for (let position = 0; ;) {
      const n = readSync(fd, buffer, 0, buffer.length, position);
      if (n === 0) break;
      position += n;
    }
  } finally {
    closeSync(fd);
  }
}

/** WebAssembly memory starts on a page boundary (the node tsconfig has no WebAssembly types). */
function pageAlignedBuffer(bytes: number): Buffer {
  const wasm = (globalThis as unknown as { WebAssembly: WasmMemoryApi }).WebAssembly;
  const memory = new wasm.Memory({ initial: Math.ceil(bytes / 65536) });
  return Buffer.from(memory.buffer, 0, bytes);
}
interface WasmMemoryApi {
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
}

function timed(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

function main(): void {
  const path = longWav();
  const bytes = statSync(path).size;
  const plain = Buffer.allocUnsafe(CHUNK);
  const aligned = pageAlignedBuffer(CHUNK);
  // As src/main/workers/peaks-task.ts calls it: its own 1 MB buffer, so every piece is copied.
  const given = Buffer.allocUnsafeSlow(CHUNK);

  // Warm the disk cache and the JIT; check the waveform is not silence.
  readLoop(path, aligned);
  const first = computePeaksSync(path, BUCKETS);
  const loudest = Math.max(...first.peaks.map(Math.abs));
  if (loudest < 100) throw new Error(`the bench file looks silent (peak ${loudest})`);
  computePeaksSync(path, BUCKETS, given);

  const ms: Record<'baseline' | 'baselineAligned' | 'peaks' | 'peaksGivenBuffer', number[]> = {
    baseline: [],
    baselineAligned: [],
    peaks: [],
    peaksGivenBuffer: [],
  };
  for (let run = 0; run < RUNS; run++) {
    ms.baseline.push(timed(() => readLoop(path, plain)));
    ms.baselineAligned.push(timed(() => readLoop(path, aligned)));
    ms.peaks.push(timed(() => computePeaksSync(path, BUCKETS)));
    ms.peaksGivenBuffer.push(timed(() => computePeaksSync(path, BUCKETS, given)));
  }
  const mbPerSec = (times: number[]) => round(bytes / 1e6 / (median(times) / 1000), 0);
  const speed = {
    baseline: mbPerSec(ms.baseline),
    baselineAligned: mbPerSec(ms.baselineAligned),
    peaks: mbPerSec(ms.peaks),
    peaksGivenBuffer: mbPerSec(ms.peaksGivenBuffer),
  };
  console.log(
    JSON.stringify({
      bench: 'peaks',
      file: { bytes, format: '16-bit stereo 44.1 kHz WAV, sine' },
      runs: RUNS,
      buckets: BUCKETS,
      baseline: {
        what: 'readSync loop over the file, 1 MB Buffer.allocUnsafe',
        mbPerSec: speed.baseline,
      },
      baselineAligned: {
        what: 'readSync loop over the file, 1 MB page-aligned buffer',
        mbPerSec: speed.baselineAligned,
      },
      peaks: {
        what: `computePeaksSync(path, ${BUCKETS}), its own buffer`,
        simd: peaksUseSimd(),
        mbPerSec: speed.peaks,
      },
      peaksGivenBuffer: {
        what: `computePeaksSync(path, ${BUCKETS}, 1 MB Buffer.allocUnsafeSlow)`,
        mbPerSec: speed.peaksGivenBuffer,
      },
      ratio: round(speed.peaks / speed.baseline, 2),
      ratioAligned: round(speed.peaks / speed.baselineAligned, 2),
      ratioGivenBuffer: round(speed.peaksGivenBuffer / speed.baseline, 2),
    }),
  );
}

main();
