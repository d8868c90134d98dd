import { afterEach, describe, expect, it } from 'vitest';
import type { MidiPersistable } from '../../src/main/midi/midi-setup';
import { disposeMidi, FakeHardware, LOOPBACK, makeMidi } from '../fixtures/midi';

/** What the user set up in MIDI, kept across restarts. */
afterEach(disposeMidi);

describe('MidiSetup (through the MIDI feature)', () => {
  it('says when the user changes what is kept across restarts, and restores it', async () => {
    const persisted: MidiPersistable[] = [];
    const hardware = new FakeHardware();
    const make = () =>
      makeMidi({ hardware, onPersistable: (values) => persisted.push(values) }).midi;
    const midi = make();
    const SEQUENCER = 'internal:Sampledeck Sequencer';
    midi.router.addThru(LOOPBACK, SEQUENCER, 3);
    midi.master.configure({ bpm: 133.3, outputs: [SEQUENCER] });
    midi.setup.configureMonitor({ capacity: 500 });
    midi.setup.configureMonitor({ showClock: true }); // not kept: no event
    expect(persisted).toHaveLength(3);
    const values = persisted.at(-1)!;
    expect(values).toEqual({
      thru: [{ from: LOOPBACK, to: SEQUENCER, channel: 3 }],
      clockOutputs: [SEQUENCER],
      clockBpm: 133.3,
      monitorCapacity: 500,
      clockSource: null,
    });
    expect(midi.setup.persistable()).toEqual(values);
    midi.router.removeThru(midi.state().thru[0]!.id);
    expect(persisted.at(-1)!.thru).toEqual([]);

    // A new service (a restart) before its hardware is up: routes to ports not there yet wait.
    persisted.length = 0;
    const restarted = make();
    const problems = restarted.setup.restore({
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
    expect(restarted.setup.persistable()).toEqual({
      ...values,
      thru: [...values.thru, { from: 'hardware:Keys', to: LOOPBACK, channel: null }],
      monitorCapacity: 10_000,
    });
    expect(restarted.report.info().generator).toMatchObject({ bpm: 133.3, outputs: [SEQUENCER] });
    // The keyboard is plugged in: its route works.
    hardware.inputs.add('Keys');
    await restarted.registry.ensureHardware();
    hardware.play('Keys', [0x90, 60, 1]);
    expect(restarted.monitor.newest(2).map((e) => `${e.port} ${e.hex}`)).toEqual([
      'Keys 90 3C 01',
      'Sampledeck Loopback 90 3C 01',
    ]);
  });
});
