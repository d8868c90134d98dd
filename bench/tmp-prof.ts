import { monitorEventLoopDelay } from 'node:perf_hooks';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LibraryService } from '../src/main/library/library-service';
import { WorkerPool } from '../src/main/library/worker-pool';
import { sampleFolder } from './bench-data';
const OUT = resolve(__dirname, '..', 'out', 'main');
async function main() {
  const pool = new WorkerPool(join(OUT, 'file-worker.js'));
  const library = new LibraryService({
    cacheFile: join(mkdtempSync(join(tmpdir(), 'sd-b-')), 'l.json'),
    pool,
    onChanged: () => undefined,
    watch: false,
  });
  await library.load();
  await library.add([sampleFolder(10_000)]);
  await library.idle();
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  // long tasks: a 1 ms interval timer's lateness
  const gaps: number[] = [];
  let last = performance.now();
  const t = setInterval(() => {
    const n = performance.now();
    gaps.push(n - last);
    last = n;
  }, 1);
  const end = Date.now() + 15000;
  let scans = 0;
  while (Date.now() < end) {
    library.rescan();
    await library.idle();
    scans++;
  }
  clearInterval(t);
  h.disable();
  gaps.sort((a, b) => a - b);
  const at = (p: number) => gaps[Math.floor(gaps.length * p)]!.toFixed(2);
  console.log({
    scans,
    p50: at(0.5),
    p99: at(0.99),
    p999: at(0.999),
    max: gaps.at(-1)!.toFixed(1),
    over5: gaps.filter((g) => g > 5).length,
    eld99: h.percentile(99) / 1e6,
  });
  await library.dispose();
  await pool.close();
  process.exit(0);
}
void main();
