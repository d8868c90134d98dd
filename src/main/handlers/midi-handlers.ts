import { AppError } from '../../shared/app-error';
import type { midiRequests } from '../../shared/contract';
import type { HandlersOf } from '../dispatcher';
import type { MidiService } from '../midi/midi-service';

/** Ports, thru routes and the monitor. */
export function midiHandlers(deps: {
  midi: MidiService;
  /** RtMidi starts the first time anyone asks about MIDI. */
  ensureMidi: () => Promise<void>;
}): HandlersOf<typeof midiRequests> {
  const { midi, ensureMidi } = deps;
  const monitor = midi.monitorLog;
  return {
    'midi:state': async () => {
      await ensureMidi();
      return midi.state();
    },
    'midi:set-input-open': ({ id, open }) => midi.setInputOpen(id, open),
    'midi:set-clock-source': ({ id }) => midi.setClockSource(id),
    'midi:send': ({ port, bytes }) => {
      midi.send(port, bytes);
      return null;
    },
    'midi:thru-add': ({ from, to, channel }) => midi.addThru(from, to, channel),
    'midi:thru-remove': ({ id }) => midi.removeThru(id),
    'midi:create-virtual-input': async ({ name }) => {
      await ensureMidi();
      return midi.createVirtualInput(name);
    },
    'monitor:configure': (change) => midi.configureMonitor(change),
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
