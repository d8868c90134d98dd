import type { clockRequests } from '../../shared/contract';
import type { HandlersOf } from '../dispatcher';
import type { MidiService } from '../midi/midi-service';

/** The followed clock, its health, and Sampledeck as clock master. */
export function clockHandlers(deps: { midi: MidiService }): HandlersOf<typeof clockRequests> {
  const { midi } = deps;
  return {
    'clock:state': () => midi.clock(),
    'clock:health': ({ port }) => midi.clockHealth(port),
    'clock:health-reset': ({ port }) => midi.resetClockHealth(port),
    'clock:transport': ({ action }) => midi.transport(action),
    'clock:configure': (change) => midi.configureClock(change),
  };
}
