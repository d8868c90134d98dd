import { AppError } from '../../shared/app-error';
import type { SequencerState } from '../../shared/contract';
import type { HandlersFor } from '../dispatcher';
import type { LearnService } from '../midi/learn-service';
import { exportLog } from '../midi/monitor';
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
  /** Keeps thru routes, clock outputs and tempo, and the monitor's size (after a change). */
  persistMidi: () => void;
}): HandlersFor<'midi:' | 'monitor:' | 'clock:' | 'sequencer:' | 'sampler:' | 'learn:'> {
  const { midi, sampler, learn, ensureMidi } = deps;
  const monitor = midi.monitorLog;
  const kept = <T>(result: T): T => {
    deps.persistMidi();
    return result;
  };
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
    'midi:thru-add': ({ from, to, channel }) => kept(midi.addThru(from, to, channel)),
    'midi:thru-remove': ({ id }) => kept(midi.removeThru(id)),
    'midi:create-virtual-input': async ({ name }) => {
      await ensureMidi();
      return midi.createVirtualInput(name);
    },
    'monitor:configure': (change) => kept(monitor.configure(change)),
    'monitor:snapshot': ({ limit }) => ({
      entries: monitor.newest(limit),
      settings: monitor.settings,
    }),
    'monitor:clear': () => {
      monitor.clear();
      return null;
    },
    'monitor:export': ({ format }) => ({
      text: exportLog(monitor.newest(Number.MAX_SAFE_INTEGER), format),
    }),
    'monitor:export-sysex': ({ seq }) => {
      const entry = monitor.find(seq);
      if (!entry || entry.type !== 'sysex') {
        throw new AppError('NOT_FOUND', `no SysEx message #${seq} in the monitor`);
      }
      return {
        name: `sysex-${seq}.syx`,
        bytes: entry.hex.split(' ').map((h) => Number.parseInt(h, 16)),
      };
    },
    'clock:state': () => midi.clock(),
    'clock:health': ({ port }) => midi.clockHealth(port),
    'clock:transport': ({ action }) => midi.transport(action),
    'clock:configure': (change) => kept(midi.configureClock(change)),
    'sequencer:state': () => midi.sequencerState(),
    'sequencer:configure': async (change) => {
      const state = await deps.configureSequencer(change);
      if (change.patterns) deps.persistPatterns(state.patterns);
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
