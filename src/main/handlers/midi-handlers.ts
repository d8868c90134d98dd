import { AppError } from '../../shared/app-error';
import type { SequencerState } from '../../shared/contract';
import type { HandlersFor } from '../dispatcher';
import type { LearnService } from '../midi/learn-service';
import type { MidiService } from '../midi/midi-service';
import type { SamplerService } from '../midi/sampler-service';
import type { SequencerChange } from '../midi/sequencer-service';

/** Ports, the monitor, the clock, the sequencer, the sampler and MIDI learn. */
export function midiHandlers(deps: {
  midi: MidiService;
  sampler: SamplerService;
  learn: LearnService;
  /** RtMidi starts the first time anyone asks about MIDI. */
  ensureMidi: () => Promise<void>;
  configureSequencer: (change: SequencerChange) => Promise<SequencerState>;
  persistPatterns: (patterns: SequencerState['patterns']) => void;
}): HandlersFor<'midi:' | 'monitor:' | 'clock:' | 'sequencer:' | 'sampler:' | 'learn:'> {
  const { midi, sampler, learn, ensureMidi } = deps;
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
    'clock:state': () => midi.clock(),
    'clock:health': ({ port }) => midi.clockHealth(port),
    'clock:health-reset': ({ port }) => midi.resetClockHealth(port),
    'clock:transport': ({ action }) => midi.transport(action),
    'clock:configure': (change) => midi.configureClock(change),
    'sequencer:state': () => midi.sequencerState(),
    'sequencer:configure': async (change) => {
      const state = await deps.configureSequencer(change);
      if (change.patterns) deps.persistPatterns(state.patterns);
      return state;
    },
    'sequencer:edit': async (edit) => {
      const state = await deps.configureSequencer({ edit });
      deps.persistPatterns(state.patterns);
      return state;
    },
    'sampler:state': () => sampler.state(),
    'sampler:configure': (change) => sampler.configure(change),
    'learn:state': () => learn.state(),
    'learn:start': ({ action }) => learn.start(action),
    'learn:cancel': () => learn.cancel(),
    'learn:remove': ({ id }) => learn.remove(id),
  };
}
