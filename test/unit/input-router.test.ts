import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MonitorEntry } from '../../src/shared/contract';
import { disposeMidi, FakeHardware, LOOPBACK, makeMidi, WAIT } from '../fixtures/midi';

/** Each input's bytes: parsed into the monitor and out along thru routes. */
afterEach(disposeMidi);

const service = (hardware?: FakeHardware | Error) =>
  makeMidi({ hardware, pollMs: 20, batchIntervalMs: 20 });

describe('InputRouter (through the MIDI feature)', () => {
  it('coalesces messages into batches, never one event per message', async () => {
    const { midi, batches, entries } = service();
    for (let i = 0; i < 500; i++) midi.registry.send(LOOPBACK, [0xb0, 7, i % 128]);
    await vi.waitFor(() => expect(entries().length).toBeGreaterThanOrEqual(500), WAIT);
    expect(batches.length).toBe(1);
    expect(entries().map((e) => e.seq)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(entries()[0]!.summary).toMatch(/Volume/);
  });

  it('counts clock and active sensing instead of showing them, unless asked', async () => {
    const { midi, batches, entries } = service();
    midi.registry.send(LOOPBACK, [0xf8]);
    midi.registry.send(LOOPBACK, [0xfe]);
    midi.registry.send(LOOPBACK, [0xf8]);
    await vi.waitFor(() => expect(batches.length).toBeGreaterThan(0), WAIT);
    expect(entries()).toEqual([]);
    expect(batches.at(-1)!.hidden).toEqual({ clock: 2, activeSensing: 1 });
    midi.monitor.configure({ showClock: true });
    midi.registry.send(LOOPBACK, [0xf8]);
    await vi.waitFor(() => expect(entries().length).toBeGreaterThan(0), WAIT);
    expect(entries().map((e) => e.type)).toEqual(['clock']);
  });

  it('routes thru with a channel filter, and refuses a loop of a port into itself', async () => {
    const { midi, entries } = service();
    midi.router.addThru(LOOPBACK, 'internal:Sampledeck Sequencer', 2);
    midi.registry.send(LOOPBACK, [0x90, 60, 100]); // channel 1: not routed
    midi.registry.send(LOOPBACK, [0x91, 62, 90]); // channel 2: routed
    await vi.waitFor(() => expect(entries().length).toBeGreaterThanOrEqual(3), WAIT);
    expect(entries().map((e) => `${e.port} ${e.hex}`)).toEqual([
      'Sampledeck Loopback 90 3C 64',
      'Sampledeck Loopback 91 3E 5A',
      'Sampledeck Sequencer 91 3E 5A',
    ]);
    expect(() => midi.router.addThru(LOOPBACK, LOOPBACK, null)).toThrow(
      'thru Sampledeck Loopback → Sampledeck Loopback would close a loop',
    );
    const id = midi.state().thru[0]!.id;
    midi.router.removeThru(id);
    expect(midi.state().thru).toEqual([]);
  });

  it('refuses thru routes that close a loop over internal ports, naming the loop', () => {
    const { midi } = service();
    const SEQUENCER = 'internal:Sampledeck Sequencer';
    const CLOCK = 'internal:Sampledeck Clock';
    midi.router.addThru(LOOPBACK, SEQUENCER, 1);
    expect(() => midi.router.addThru(SEQUENCER, LOOPBACK, null)).toThrow(
      'thru Sampledeck Sequencer → Sampledeck Loopback would close a loop ' +
        '(Sampledeck Sequencer → Sampledeck Loopback → Sampledeck Sequencer)',
    );
    expect(() => midi.router.addThru(SEQUENCER, LOOPBACK, 1)).toThrow(/would close a loop/);
    // Three hops close it too.
    midi.router.addThru(SEQUENCER, CLOCK, null);
    expect(() => midi.router.addThru(CLOCK, LOOPBACK, null)).toThrow(
      '(Sampledeck Clock → Sampledeck Loopback → Sampledeck Sequencer → Sampledeck Clock)',
    );
    // No channel passes both routes: no loop.
    midi.router.addThru(SEQUENCER, LOOPBACK, 2);
    expect(midi.state().thru).toHaveLength(3);
    midi.monitor.clear();
    midi.registry.send(LOOPBACK, [0x90, 60, 100]);
    midi.registry.send(LOOPBACK, [0x91, 60, 100]);
    // The internal bus delivers at once: each message took each of its hops exactly once.
    expect(midi.monitor.newest(100).map((e) => `${e.port} ${e.hex}`)).toEqual([
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
    midi.router.addThru(SEQUENCER, CLOCK, 1);
    midi.router.addThru(SEQUENCER, CLOCK, 2);
    midi.router.addThru(CLOCK, LOOPBACK, 2);
    expect(() => midi.router.addThru(LOOPBACK, SEQUENCER, null)).toThrow(
      '(Sampledeck Loopback → Sampledeck Sequencer → Sampledeck Clock → Sampledeck Loopback)',
    );
  });

  it('takes a hardware output and input of one name for one device when refusing loops', async () => {
    const hardware = new FakeHardware();
    hardware.inputs.add('Synth').add('Keys');
    hardware.outputs.add('Synth').add('Keys');
    const { midi } = service(hardware);
    await midi.registry.ensureHardware();
    expect(() => midi.router.addThru('hardware:Synth', 'hardware:Synth', null)).toThrow(
      '(Synth → Synth)',
    );
    midi.router.addThru('hardware:Keys', 'hardware:Synth', 5);
    expect(() => midi.router.addThru('hardware:Synth', 'hardware:Keys', null)).toThrow(
      '(Synth → Keys → Synth)',
    );
    midi.router.addThru('hardware:Synth', 'internal:Sampledeck Loopback', null);
    expect(midi.state().thru).toHaveLength(2);
  });

  it('keeps a ring of the newest messages and exports them; SysEx as bytes', async () => {
    const { midi } = service();
    midi.monitor.configure({ capacity: 100 });
    for (let i = 0; i < 150; i++) midi.registry.send(LOOPBACK, [0x90, i % 128, 1]);
    midi.registry.send(LOOPBACK, [0xf0, 0x7e, 0x7f, 0x06, 0x01, 0xf7]);
    const newest: MonitorEntry[] = midi.monitor.newest(1000);
    expect(newest).toHaveLength(100);
    expect(newest[0]!.seq).toBe(51);
    const sysex = newest.at(-1)!;
    expect(sysex.type).toBe('sysex');
    expect(sysex.hex).toBe('F0 7E 7F 06 01 F7');
    expect([...midi.monitor.find(sysex.seq)!.bytes]).toEqual([0xf0, 0x7e, 0x7f, 0x06, 0x01, 0xf7]);
  });
});
