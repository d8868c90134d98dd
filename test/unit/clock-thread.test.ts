import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ClockThread } from '../../src/main/midi/clock-thread';
import type { ClockEvent } from '../../src/main/midi/clock-protocol';
import { builtEntry } from '../fixtures/built';

type Status = Extract<ClockEvent, { type: 'priority' | 'output-error' }>;

const generators: ClockThread[] = [];
afterEach(() => generators.splice(0).forEach((g) => g.dispose()));

function generator() {
  const pulses: number[] = [];
  const statuses: Status[] = [];
  const logged: string[] = [];
  const g = new ClockThread(builtEntry('clock-worker'), {
    clock: (bytes, sent) => bytes[0] === 0xf8 && pulses.push(sent),
    sequencerMidi: () => undefined,
    sequencerState: () => undefined,
    status: (status) => statuses.push(status),
    log: (message) => logged.push(message),
  });
  generators.push(g);
  return { g, pulses, statuses, logged };
}

/** Polls for a condition, with a generous ceiling (a busy machine may be slow to deliver). */
async function until<T>(what: () => T | undefined, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = what();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const SCHED_FIFO = 1;

/** The real-time priority of each of this process's SCHED_FIFO threads, read from /proc. */
function fifoThreads(): number[] {
  return readdirSync('/proc/self/task').flatMap((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // Fields after the command name: rt_priority and policy are the 40th and 41st of stat.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[41 - 3]) === SCHED_FIFO ? [Number(fields[40 - 3])] : [];
  });
}

describe('the clock thread', () => {
  it('asks for real-time scheduling and says what it got', async () => {
    const { g, statuses } = generator();
    g.start(120);
    const { priority } = await until(() =>
      statuses.find((s): s is Extract<Status, { type: 'priority' }> => s.type === 'priority'),
    );
    expect(g.priority).toEqual(priority);
    expect(['realtime', 'raised', 'normal']).toContain(priority.kind);
    const root = process.platform === 'linux' && process.getuid?.() === 0;
    if (root) {
      // Root may: the thread really is SCHED_FIFO now, and nothing else in the process is.
      expect(priority).toEqual({ kind: 'realtime', detail: 'real-time (SCHED_FIFO 20)' });
      expect(fifoThreads()).toEqual([20]);
    } else {
      expect(priority.detail).not.toBe('');
    }
  });

  it('reports a hardware output it cannot open, drops it, and the clock goes on', async () => {
    const { g, pulses, statuses } = generator();
    g.setHardwareClockOutputs(['Nowhere Synth']);
    g.start(240);
    const failure = await until(() => statuses.find((s) => s.type === 'output-error'));
    // Here RtMidi itself cannot start (no ALSA sequencer); elsewhere the port is missing.
    expect(failure).toMatchObject({
      type: 'output-error',
      name: 'Nowhere Synth',
      message: expect.stringMatching(
        /Failed to initialise RtMidi|"Nowhere Synth" is not connected/,
      ),
    });
    const before = pulses.length;
    await until(() => (pulses.length > before + 10 ? true : undefined));
    expect(pulses.length).toBeGreaterThan(before + 10);

    g.hardwareOutput('Gone Too').send([0x90, 60, 100]);
    await until(() => statuses.find((s) => s.type === 'output-error' && s.name === 'Gone Too'));
  });

  it('backs off when its thread cannot start, and says why, without throwing', async () => {
    const failures: number[] = [];
    const logged: string[] = [];
    const started = performance.now();
    const g = new ClockThread('/nonexistent/clock-worker.js', {
      clock: () => undefined,
      sequencerMidi: () => undefined,
      sequencerState: () => undefined,
      status: () => undefined,
      log: (message) => {
        logged.push(message);
        failures.push(performance.now() - started);
      },
    });
    generators.push(g);
    await until(() => (failures.length >= 4 ? true : undefined), 10_000);
    expect(logged[0]).toMatch(/^clock thread failed: Cannot find module/);
    // 0.1 + 0.2 + 0.4 s between the tries at least: it waits, it does not spin.
    expect(failures[3]!).toBeGreaterThanOrEqual(700);
    await expect(g.configureSequencer({ enabled: false })).rejects.toThrow(/Cannot find module/);
  });
});
