import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ClockInfo, MidiState, MonitorBatch, MonitorEntry } from '../../src/shared/contract';
import { InternalBus } from '../../src/main/midi/internal-bus';
import type {
  MidiInputHandle,
  MidiListener,
  MidiOutputHandle,
} from '../../src/main/midi/midi-backend';
import { MidiService, type MidiPersistable } from '../../src/main/midi/midi-service';
import type { RtMidiBackend } from '../../src/main/midi/rtmidi-backend';
import { builtEntry } from '../fixtures/built';

/**
 * Stands in for RtMidi and the devices behind it, which this machine cannot have: ports that
 * can be plugged and unplugged, and a way to play a message into one. Kept as thin as it gets.
 */
class FakeHardware {
  readonly kind = 'hardware';
  inputs = new Set<string>();
  outputs = new Set<string>();
  readonly listeners = new Map<string, MidiListener>();
  readonly sent: { port: string; bytes: number[] }[] = [];
  inputNames = () => [...this.inputs];
  outputNames = () => [...this.outputs];
  openInput(name: string, listener: MidiListener): MidiInputHandle {
    this.listeners.set(name, listener);
    return { close: () => this.listeners.delete(name) };
  }
  openOutput(name: string): MidiOutputHandle {
    return {
      send: (bytes) => this.sent.push({ port: name, bytes: [...bytes] }),
      close: () => undefined,
    };
  }
  openVirtualInput(name: string, listener: MidiListener): MidiInputHandle {
    return this.openInput(name, listener);
  }
  play(port: string, bytes: number[]): void {
    this.listeners.get(port)?.(bytes, performance.now());
  }
  dispose(): void {}
}

const services: MidiService[] = [];
afterEach(() => services.splice(0).forEach((s) => s.dispose()));

function service(hardware: FakeHardware | Error = new Error('Failed to initialise RtMidi')) {
  const batches: MonitorBatch[] = [];
  const states: MidiState[] = [];
  const clocks: ClockInfo[] = [];
  const bus = new InternalBus();
  const midi = new MidiService({
    bus,
    createHardware: async () => {
      if (hardware instanceof Error) throw hardware;
      return hardware as unknown as RtMidiBackend;
    },
    onState: (s) => states.push(s),
    onBatch: (b) => batches.push(b),
    onClock: (c) => clocks.push(c),
    clockWorkerPath: builtEntry('clock-worker'),
    pollMs: 20,
    batchIntervalMs: 20,
  });
  services.push(midi);
  const entries = () => batches.flatMap((b) => b.entries);
  return { midi, bus, batches, states, clocks, entries };
}

/** A generous ceiling: these wait for an event, and a busy machine may be slow to deliver it. */
const WAIT = { timeout: 10_000 };
const LOOPBACK = 'internal:Sampledeck Loopback';

describe('MidiService', () => {
  it('says why hardware MIDI is unavailable and keeps working over the internal bus', async () => {
    const { midi, entries } = service();
    await midi.ensureHardware();
    const state = midi.state();
    expect(state.hardware).toEqual({
      state: 'unavailable',
      reason: expect.stringMatching(/^Failed to initialise RtMidi/),
    });
    expect(state.inputs.map((p) => [p.id, p.open])).toEqual([
      ['internal:Sampledeck Clock', true],
      ['internal:Sampledeck Sequencer', true],
      ['internal:Sampledeck Loopback', true],
    ]);
    midi.send(LOOPBACK, [0x90, 60, 100]);
    await vi.waitFor(() => expect(entries().length).toBeGreaterThan(0), WAIT);
    expect(entries()).toEqual([
      expect.objectContaining({
        port: 'Sampledeck Loopback',
        channel: 1,
        type: 'note-on',
        hex: '90 3C 64',
      }),
    ]);
    expect(() => midi.createVirtualInput('x')).toThrow(/virtual ports need MIDI hardware support/);
  });

  it('coalesces messages into batches, never one event per message', async () => {
    const { midi, batches, entries } = service();
    for (let i = 0; i < 500; i++) midi.send(LOOPBACK, [0xb0, 7, i % 128]);
    await vi.waitFor(() => expect(entries().length).toBeGreaterThanOrEqual(500), WAIT);
    expect(batches.length).toBe(1);
    expect(entries().map((e) => e.seq)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(entries()[0]!.summary).toMatch(/Volume/);
  });

  it('counts clock and active sensing instead of showing them, unless asked', async () => {
    const { midi, batches, entries } = service();
    midi.send(LOOPBACK, [0xf8]);
    midi.send(LOOPBACK, [0xfe]);
    midi.send(LOOPBACK, [0xf8]);
    await vi.waitFor(() => expect(batches.length).toBeGreaterThan(0), WAIT);
    expect(entries()).toEqual([]);
    expect(batches.at(-1)!.hidden).toEqual({ clock: 2, activeSensing: 1 });
    midi.monitorLog.configure({ showClock: true });
    midi.send(LOOPBACK, [0xf8]);
    await vi.waitFor(() => expect(entries().length).toBeGreaterThan(0), WAIT);
    expect(entries().map((e) => e.type)).toEqual(['clock']);
  });

  it('routes thru with a channel filter, and refuses a loop of a port into itself', async () => {
    const { midi, entries } = service();
    midi.addThru(LOOPBACK, 'internal:Sampledeck Sequencer', 2);
    midi.send(LOOPBACK, [0x90, 60, 100]); // channel 1: not routed
    midi.send(LOOPBACK, [0x91, 62, 90]); // channel 2: routed
    await vi.waitFor(() => expect(entries().length).toBeGreaterThanOrEqual(3), WAIT);
    expect(entries().map((e) => `${e.port} ${e.hex}`)).toEqual([
      'Sampledeck Loopback 90 3C 64',
      'Sampledeck Loopback 91 3E 5A',
      'Sampledeck Sequencer 91 3E 5A',
    ]);
    expect(() => midi.addThru(LOOPBACK, LOOPBACK, null)).toThrow(
      'thru Sampledeck Loopback → Sampledeck Loopback would close a loop',
    );
    const id = midi.state().thru[0]!.id;
    expect(midi.removeThru(id).thru).toEqual([]);
  });

  it('refuses thru routes that close a loop over internal ports, naming the loop', () => {
    const { midi } = service();
    const SEQUENCER = 'internal:Sampledeck Sequencer';
    const CLOCK = 'internal:Sampledeck Clock';
    midi.addThru(LOOPBACK, SEQUENCER, 1);
    expect(() => midi.addThru(SEQUENCER, LOOPBACK, null)).toThrow(
      'thru Sampledeck Sequencer → Sampledeck Loopback would close a loop ' +
        '(Sampledeck Sequencer → Sampledeck Loopback → Sampledeck Sequencer)',
    );
    expect(() => midi.addThru(SEQUENCER, LOOPBACK, 1)).toThrow(/would close a loop/);
    // Three hops close it too.
    midi.addThru(SEQUENCER, CLOCK, null);
    expect(() => midi.addThru(CLOCK, LOOPBACK, null)).toThrow(
      '(Sampledeck Clock → Sampledeck Loopback → Sampledeck Sequencer → Sampledeck Clock)',
    );
    // No channel passes both routes: no loop.
    midi.addThru(SEQUENCER, LOOPBACK, 2);
    expect(midi.state().thru).toHaveLength(3);
    midi.monitorLog.clear();
    midi.send(LOOPBACK, [0x90, 60, 100]);
    midi.send(LOOPBACK, [0x91, 60, 100]);
    // The internal bus delivers at once: each message took each of its hops exactly once.
    expect(midi.monitorLog.newest(100).map((e) => `${e.port} ${e.hex}`)).toEqual([
      'Sampledeck Loopback 90 3C 64',
      'Sampledeck Sequencer 90 3C 64',
      'Sampledeck Clock 90 3C 64',
      'Sampledeck Loopback 91 3C 64',
    ]);
  });

  it('finds a loop on one channel through a port already reached on another', () => {
    const { midi } = service();
    const SEQUENCER = 'internal:Sampledeck Sequencer';
    const CLOCK = 'internal:Sampledeck Clock';
    midi.addThru(SEQUENCER, CLOCK, 1);
    midi.addThru(SEQUENCER, CLOCK, 2);
    midi.addThru(CLOCK, LOOPBACK, 2);
    expect(() => midi.addThru(LOOPBACK, SEQUENCER, null)).toThrow(
      '(Sampledeck Loopback → Sampledeck Sequencer → Sampledeck Clock → Sampledeck Loopback)',
    );
  });

  it('takes a hardware output and input of one name for one device when refusing loops', async () => {
    const hardware = new FakeHardware();
    hardware.inputs.add('Synth').add('Keys');
    hardware.outputs.add('Synth').add('Keys');
    const { midi } = service(hardware);
    await midi.ensureHardware();
    expect(() => midi.addThru('hardware:Synth', 'hardware:Synth', null)).toThrow('(Synth → Synth)');
    midi.addThru('hardware:Keys', 'hardware:Synth', 5);
    expect(() => midi.addThru('hardware:Synth', 'hardware:Keys', null)).toThrow(
      '(Synth → Keys → Synth)',
    );
    expect(midi.addThru('hardware:Synth', 'internal:Sampledeck Loopback', null).thru).toHaveLength(
      2,
    );
  });

  it('tells the next bar line by the clock it is given, as epoch ms of that clock', () => {
    let now = 50_000;
    const clock = { now: () => now, origin: 1_700_000_000_000 };
    const bus = new InternalBus(clock);
    const midi = new MidiService({
      bus,
      clock,
      createHardware: () => Promise.reject(new Error('no hardware')),
      onState: () => undefined,
      onBatch: () => undefined,
      onClock: () => undefined,
      clockWorkerPath: builtEntry('clock-worker'),
    });
    services.push(midi);
    midi.setClockSource(LOOPBACK);
    const period = 60_000 / (120 * 24);
    const start = now;
    midi.send(LOOPBACK, [0xfa]);
    // The first pulse after START is the bar line of bar 1 (pulse 0); pulse n comes n periods on.
    for (let pulse = 0; pulse < 120; pulse++) {
      now = start + (pulse + 1) * period;
      midi.send(LOOPBACK, [0xf8]);
    }
    expect(midi.clock()).toMatchObject({ transport: 'playing', bpm: 120 });
    // 120 pulses are bar 2 and a quarter: the next bar line is pulse 192.
    expect(midi.nextBarAt()).toBeCloseTo(clock.origin + start + 193 * period, 3);
    // Messages are stamped with that clock too (the START: clock pulses are only counted).
    expect(midi.monitorLog.newest(1)[0]).toMatchObject({
      type: 'start',
      wall: clock.origin + start,
    });
  });

  it('restarts clock health on a tempo change (seen, or its own clock set) and on reset', async () => {
    let now = 10_000;
    const clock = { now: () => now, origin: 1_700_000_000_000 };
    const midi = new MidiService({
      bus: new InternalBus(clock),
      clock,
      createHardware: () => Promise.reject(new Error('no hardware')),
      onState: () => undefined,
      onBatch: () => undefined,
      onClock: () => undefined,
      clockWorkerPath: builtEntry('clock-worker'),
    });
    services.push(midi);
    midi.setClockSource(LOOPBACK);
    midi.send(LOOPBACK, [0xfa]);
    const play = (bpm: number, pulses: number) => {
      for (let i = 0; i < pulses; i++) {
        now += 60_000 / (bpm * 24);
        midi.send(LOOPBACK, [0xf8]);
      }
    };
    play(20, 96);
    play(240, 240);
    expect(midi.clock().bpm).toBe(240);
    const health = midi.clockHealth(null);
    expect(health).toMatchObject({ port: LOOPBACK, dropped: 0, bursts: 0 });
    expect(Math.abs(health.driftMs!)).toBeLessThan(0.01);
    expect(midi.resetClockHealth(null)).toMatchObject({ port: LOOPBACK, pulses: 0 });
    play(240, 10);
    expect(midi.clockHealth(LOOPBACK).pulses).toBe(10);

    // Sampledeck's own clock: told when its tempo is set.
    const OWN = 'internal:Sampledeck Clock';
    midi.transport('start');
    await vi.waitFor(() => expect(midi.clockHealth(OWN).pulses).toBeGreaterThan(5), {
      timeout: 10_000,
    });
    midi.configureClock({ bpm: 200 });
    expect(midi.clockHealth(OWN).pulses).toBe(0);
    midi.transport('stop');
  });

  it('says when the user changes what is kept across restarts, and restores it', async () => {
    const persisted: MidiPersistable[] = [];
    const hardware = new FakeHardware();
    const make = () =>
      new MidiService({
        bus: new InternalBus(),
        createHardware: async () => hardware as unknown as RtMidiBackend,
        onState: () => undefined,
        onBatch: () => undefined,
        onClock: () => undefined,
        onPersistable: (values) => persisted.push(values),
        clockWorkerPath: builtEntry('clock-worker'),
      });
    const midi = make();
    services.push(midi);
    const SEQUENCER = 'internal:Sampledeck Sequencer';
    midi.addThru(LOOPBACK, SEQUENCER, 3);
    midi.configureClock({ bpm: 133.3, outputs: [SEQUENCER] });
    midi.configureMonitor({ capacity: 500 });
    midi.configureMonitor({ showClock: true }); // not kept: no event
    expect(persisted).toHaveLength(3);
    const values = persisted.at(-1)!;
    expect(values).toEqual({
      thru: [{ from: LOOPBACK, to: SEQUENCER, channel: 3 }],
      clockOutputs: [SEQUENCER],
      clockBpm: 133.3,
      monitorCapacity: 500,
    });
    expect(midi.persistable()).toEqual(values);
    midi.removeThru(midi.state().thru[0]!.id);
    expect(persisted.at(-1)!.thru).toEqual([]);

    // A new service (a restart) before its hardware is up: routes to ports not there yet wait.
    persisted.length = 0;
    const restarted = make();
    services.push(restarted);
    const problems = restarted.restore({
      ...values,
      thru: [
        ...values.thru,
        { from: 'hardware:Keys', to: LOOPBACK, channel: null },
        { from: SEQUENCER, to: LOOPBACK, channel: 3 }, // closes a loop with the first
      ],
      monitorCapacity: 5,
    });
    expect(problems).toEqual([
      'monitor capacity 5 is not a whole number from 100 to 1000000',
      `thru ${SEQUENCER} → ${LOOPBACK} left out: it would close a loop (${SEQUENCER} → ${LOOPBACK} → ${SEQUENCER})`,
    ]);
    expect(persisted).toEqual([]);
    expect(restarted.persistable()).toEqual({
      ...values,
      thru: [...values.thru, { from: 'hardware:Keys', to: LOOPBACK, channel: null }],
      monitorCapacity: 10_000,
    });
    expect(restarted.clock().generator).toMatchObject({ bpm: 133.3, outputs: [SEQUENCER] });
    // The keyboard is plugged in: its route works.
    hardware.inputs.add('Keys');
    await restarted.ensureHardware();
    hardware.play('Keys', [0x90, 60, 1]);
    expect(restarted.monitorLog.newest(2).map((e) => `${e.port} ${e.hex}`)).toEqual([
      'Keys 90 3C 01',
      'Sampledeck Loopback 90 3C 01',
    ]);
  });

  it('follows hot-plug: a port appears and opens, vanishes, comes back; a closed one stays closed', async () => {
    const hardware = new FakeHardware();
    const { midi, entries } = service(hardware);
    await midi.ensureHardware();
    expect(midi.state().hardware).toMatchObject({ state: 'available' });
    hardware.inputs.add('Keystation');
    hardware.outputs.add('Synth');
    const port = () => midi.state().inputs.find((p) => p.name === 'Keystation');
    // The port list is polled (every 20 ms here): wait for each change to be seen.
    await vi.waitFor(
      () =>
        expect(port()).toMatchObject({ id: 'hardware:Keystation', connected: true, open: true }),
      WAIT,
    );
    await vi.waitFor(
      () => expect(midi.state().outputs.map((p) => p.id)).toContain('hardware:Synth'),
      WAIT,
    );
    hardware.play('Keystation', [0x90, 64, 1]);
    await vi.waitFor(
      () => expect(entries().at(-1)).toMatchObject({ port: 'Keystation', type: 'note-on' }),
      WAIT,
    );

    hardware.inputs.delete('Keystation');
    await vi.waitFor(() => expect(port()).toMatchObject({ connected: false, open: false }), WAIT);
    hardware.inputs.add('Keystation');
    await vi.waitFor(() => expect(port()).toMatchObject({ connected: true, open: true }), WAIT);

    midi.setInputOpen('hardware:Keystation', false);
    hardware.inputs.delete('Keystation');
    await vi.waitFor(() => expect(port()).toMatchObject({ connected: false }), WAIT);
    hardware.inputs.add('Keystation');
    await vi.waitFor(() => expect(port()).toMatchObject({ connected: true }), WAIT);
    // Back, and still closed: the user closed it.
    expect(port()).toMatchObject({ connected: true, open: false });

    midi.send('hardware:Synth', [0x80, 64, 0]);
    expect(hardware.sent).toEqual([{ port: 'Synth', bytes: [0x80, 64, 0] }]);
    expect(midi.createVirtualInput('Sampledeck In').inputs.at(-1)).toMatchObject({
      kind: 'virtual',
      open: true,
    });
  });

  it('follows its own clock: tempo, transport and position', async () => {
    const { midi, clocks } = service();
    midi.configureClock({ bpm: 150 });
    const started = performance.now();
    midi.transport('start');
    await vi.waitFor(() => expect(midi.clock().beat).toBeGreaterThanOrEqual(2), WAIT);
    await vi.waitFor(() => expect(midi.clock().bpm).toBeCloseTo(150, 0), WAIT);
    const playing = midi.clock();
    expect(playing).toMatchObject({
      transport: 'playing',
      noClock: false,
      source: 'internal:Sampledeck Clock',
    });
    expect(playing.bpm).toBeCloseTo(150, 0);
    expect(playing.position.bar).toBeGreaterThanOrEqual(1);
    expect(playing.beat).toBeGreaterThanOrEqual(2);
    midi.transport('stop');
    await vi.waitFor(() => expect(midi.clock().transport).toBe('paused'), WAIT);
    await vi.waitFor(() => expect(midi.clock().noClock).toBe(true), WAIT);
    // Emitted on changes and at about 10 Hz, not once per pulse (60 a second at 150 BPM): under
    // 40 in the ~1.8 s this takes on an idle machine, and as few for as long as it took.
    const seconds = (performance.now() - started) / 1000;
    expect(clocks.length).toBeLessThan(Math.max(40, 22 * seconds));
  });

  it('warns when two inputs send clock at once', async () => {
    const { midi } = service();
    midi.transport('start');
    const other = setInterval(() => midi.send(LOOPBACK, [0xf8]), 20);
    await expect
      .poll(() => midi.clock().warning, { timeout: 3000 })
      .toMatch(
        /^2 inputs send clock at once: Sampledeck (Clock|Loopback), Sampledeck (Clock|Loopback)$/,
      );
    clearInterval(other);
  });

  it('keeps a ring of the newest messages and exports them; SysEx as bytes', async () => {
    const { midi } = service();
    midi.monitorLog.configure({ capacity: 100 });
    for (let i = 0; i < 150; i++) midi.send(LOOPBACK, [0x90, i % 128, 1]);
    midi.send(LOOPBACK, [0xf0, 0x7e, 0x7f, 0x06, 0x01, 0xf7]);
    const newest: MonitorEntry[] = midi.monitorLog.newest(1000);
    expect(newest).toHaveLength(100);
    expect(newest[0]!.seq).toBe(51);
    const sysex = newest.at(-1)!;
    expect(sysex.type).toBe('sysex');
    expect(sysex.hex).toBe('F0 7E 7F 06 01 F7');
    expect([...midi.monitorLog.find(sysex.seq)!.bytes]).toEqual([
      0xf0, 0x7e, 0x7f, 0x06, 0x01, 0xf7,
    ]);
  });
});
