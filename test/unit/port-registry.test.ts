import { afterEach, describe, expect, it, vi } from 'vitest';
import { disposeMidi, FakeHardware, LOOPBACK, makeMidi, WAIT } from '../fixtures/midi';

/** Ports: the internal bus always, RtMidi when it starts (polled for hot-plug), inputs opened and closed. */
afterEach(disposeMidi);

const service = (hardware?: FakeHardware | Error) =>
  makeMidi({ hardware, pollMs: 20, batchIntervalMs: 20 });

describe('PortRegistry (through the MIDI feature)', () => {
  it('says why hardware MIDI is unavailable and keeps working over the internal bus', async () => {
    const { midi, entries } = service();
    await midi.registry.ensureHardware();
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
    midi.registry.send(LOOPBACK, [0x90, 60, 100]);
    await vi.waitFor(() => expect(entries().length).toBeGreaterThan(0), WAIT);
    expect(entries()).toEqual([
      expect.objectContaining({
        port: 'Sampledeck Loopback',
        channel: 1,
        type: 'note-on',
        hex: '90 3C 64',
      }),
    ]);
    expect(() => midi.registry.createVirtualInput('x')).toThrow(
      /virtual ports need MIDI hardware support/,
    );
  });

  it('follows hot-plug: a port appears and opens, vanishes, comes back; a closed one stays closed', async () => {
    const hardware = new FakeHardware();
    const { midi, entries } = service(hardware);
    await midi.registry.ensureHardware();
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

    midi.registry.setInputOpen('hardware:Keystation', false);
    hardware.inputs.delete('Keystation');
    await vi.waitFor(() => expect(port()).toMatchObject({ connected: false }), WAIT);
    hardware.inputs.add('Keystation');
    await vi.waitFor(() => expect(port()).toMatchObject({ connected: true }), WAIT);
    // Back, and still closed: the user closed it.
    expect(port()).toMatchObject({ connected: true, open: false });

    midi.registry.send('hardware:Synth', [0x80, 64, 0]);
    expect(hardware.sent).toEqual([{ port: 'Synth', bytes: [0x80, 64, 0] }]);
    midi.registry.createVirtualInput('Sampledeck In');
    expect(midi.state().inputs.at(-1)).toMatchObject({
      kind: 'virtual',
      open: true,
    });
  });
});
