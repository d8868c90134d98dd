import { AppError } from '../../shared/app-error';
import type { MidiState, midiRequests } from '../../shared/contract';
import type { HandlersOf } from '../dispatcher';
import type { ClockFollowing } from '../midi/clock-following';
import type { InputRouter } from '../midi/input-router';
import type { MidiSetup } from '../midi/midi-setup';
import type { Monitor } from '../midi/monitor';
import type { PortRegistry } from '../midi/port-registry';

/** Ports, thru routes and the monitor. */
export function midiHandlers(deps: {
  /** Ports; RtMidi starts the first time anyone asks about MIDI. */
  registry: PortRegistry;
  router: InputRouter;
  following: ClockFollowing;
  monitor: Monitor;
  setup: MidiSetup;
  /** Ports, the chosen clock source and thru routes: what each change answers with. */
  state: () => MidiState;
}): HandlersOf<typeof midiRequests> {
  const { registry, router, following, monitor, setup, state } = deps;
  return {
    'midi:state': async () => {
      await registry.ensureHardware();
      return state();
    },
    'midi:set-input-open': ({ id, open }) => {
      registry.setInputOpen(id, open);
      return state();
    },
    'midi:set-clock-source': ({ id }) => {
      following.setSource(id);
      return state();
    },
    'midi:send': ({ port, bytes }) => {
      registry.send(port, bytes);
      return null;
    },
    'midi:thru-add': ({ from, to, channel }) => {
      router.addThru(from, to, channel);
      return state();
    },
    'midi:thru-remove': ({ id }) => {
      router.removeThru(id);
      return state();
    },
    'midi:create-virtual-input': async ({ name }) => {
      await registry.ensureHardware();
      registry.createVirtualInput(name);
      return state();
    },
    'monitor:configure': (change) => setup.configureMonitor(change),
    'monitor:snapshot': ({ limit }) => ({
      entries: monitor.newest(limit),
      settings: monitor.settings,
    }),
    'monitor:clear': () => {
      monitor.clear();
      return null;
    },
    'monitor:export': ({ format, from }) => monitor.exportPage(format, from),
    'monitor:export-sysex': ({ seq }) => {
      const entry = monitor.find(seq);
      if (!entry || entry.type !== 'sysex') {
        throw new AppError('NOT_FOUND', `no SysEx message #${seq} in the monitor`);
      }
      return {
        name: `sysex-${seq}.syx`,
        bytes: Array.from(entry.bytes),
      };
    },
  };
}
