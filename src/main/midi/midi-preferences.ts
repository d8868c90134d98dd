import type { Settings } from '../settings/settings-store';
import type { MidiService } from './midi-service';

export type MidiPreferences = Pick<
  Settings,
  'thru' | 'clockOutputs' | 'clockBpm' | 'monitorCapacity'
>;

/** What the user set up in MIDI that is kept across restarts. */
export function midiPreferences(midi: MidiService): MidiPreferences {
  const clock = midi.clock().generator;
  return {
    thru: midi.state().thru.map(({ from, to, channel }) => ({ from, to, channel })),
    clockOutputs: [...clock.outputs],
    clockBpm: clock.bpm,
    monitorCapacity: midi.monitorLog.settings.capacity,
  };
}

/**
 * Puts the saved MIDI set-up back. Hardware ports are looked for only when something saved
 * names one; a route or output whose port is not there is left out and logged (the settings
 * keep it until the user changes that list).
 */
export async function restoreMidiPreferences(
  midi: MidiService,
  saved: MidiPreferences,
  ensureHardware: () => Promise<void>,
  log: (message: string) => void,
): Promise<void> {
  const ids = [...saved.clockOutputs, ...saved.thru.flatMap((r) => [r.from, r.to])];
  if (ids.some((id) => !id.startsWith('internal:'))) await ensureHardware();
  midi.monitorLog.configure({ capacity: saved.monitorCapacity });
  const { inputs, outputs } = midi.state();
  const known = new Set([...inputs, ...outputs].map((p) => p.id));
  const clockOutputs = saved.clockOutputs.filter((id) => known.has(id));
  midi.configureClock({ bpm: saved.clockBpm, outputs: clockOutputs });
  for (const id of saved.clockOutputs) {
    if (!known.has(id)) log(`clock output ${id} not restored: no such port now`);
  }
  for (const route of saved.thru) {
    try {
      midi.addThru(route.from, route.to, route.channel);
    } catch (error) {
      log(`thru ${route.from} -> ${route.to} not restored: ${(error as Error).message}`);
    }
  }
}
