import { spawnSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** What a thread got when it asked to run ahead of everything else; shown to the user. */
export interface ThreadPriority {
  kind: 'realtime' | 'raised' | 'normal';
  /** e.g. "real-time (SCHED_FIFO 20)", or why it runs at normal priority. */
  detail: string;
}

/** Below JACK's and PipeWire's audio threads (which ask for 70-90), above every normal thread. */
const FIFO_PRIORITY = 20;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Asks the scheduler to run the calling thread first, the way audio and MIDI threads do:
 * SCHED_FIFO on Linux where the user may (root, CAP_SYS_NICE, or an rtprio limit such as the
 * "audio" group's), else a higher nice value, else nothing. Node cannot call
 * sched_setscheduler, so `chrt` (util-linux) is run on this thread's own id. A thread that
 * only sleeps and sends cannot starve the machine, and the kernel caps real-time threads at
 * 95% of a core anyway.
 *
 * With two busy cores, nice -10 still left clock pulses up to 3.5 ms late at p99; SCHED_FIFO
 * brought that under 0.1 ms (bench/clock-generator.ts).
 */
export function raiseThreadPriority(): ThreadPriority {
  let why = 'real-time scheduling is Linux only';
  if (process.platform === 'linux') {
    try {
      const tid = readlinkSync('/proc/thread-self').split('/').pop() ?? '';
      const chrt = spawnSync('chrt', ['--fifo', '--pid', String(FIFO_PRIORITY), tid], {
        encoding: 'utf8',
        timeout: 2000,
      });
      if (chrt.status === 0) {
        return { kind: 'realtime', detail: `real-time (SCHED_FIFO ${FIFO_PRIORITY})` };
      }
      const said = (chrt.error ? describe(chrt.error) : chrt.stderr).trim().replace(/^chrt: /, '');
      why = `chrt: ${said || `exit ${chrt.status}`}`;
    } catch (error) {
      why = describe(error);
    }
  }
  try {
    setPriority(-10);
    return { kind: 'raised', detail: `raised priority (nice -10); real-time not allowed: ${why}` };
  } catch {
    return {
      kind: 'normal',
      detail: `normal priority: neither real-time nor a raised priority is allowed (${why})`,
    };
  }
}
