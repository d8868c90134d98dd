import type { SequencerState, sequencerRequests } from '../../shared/contract';
import type { HandlersOf } from '../dispatcher';
import type { ClockThread } from '../midi/clock-thread';
import type { LearnService } from '../midi/learn-service';
import type { SamplerService } from '../midi/sampler-service';
import type { SequencerChange } from '../midi/sequencer-service';

/** The step sequencer, the sampler and MIDI learn. */
export function sequencerHandlers(deps: {
  /** The step sequencer runs in the clock thread. */
  sequencer: Pick<ClockThread, 'sequencerState'>;
  sampler: SamplerService;
  learn: LearnService;
  configureSequencer: (change: SequencerChange) => Promise<SequencerState>;
  persistPatterns: (patterns: SequencerState['patterns']) => void;
}): HandlersOf<typeof sequencerRequests> {
  const { sequencer, sampler, learn } = deps;
  return {
    'sequencer:state': () => sequencer.sequencerState(),
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
    'sequencer:toggle-step': async ({ pattern, track, step }) => {
      const edit = { type: 'toggle-step', pattern, track, step } as const;
      const state = await deps.configureSequencer({ edit });
      deps.persistPatterns(state.patterns);
      const edited = state.patterns[pattern]!;
      return {
        on: track === 'bass' ? edited.bass.steps[step]!.on : edited.drums[track]!.steps[step]!,
      };
    },
    'sampler:state': () => sampler.state(),
    'sampler:configure': (change) => sampler.configure(change),
    'learn:state': () => learn.state(),
    'learn:start': ({ action }) => learn.start(action),
    'learn:cancel': () => learn.cancel(),
    'learn:confirm': () => learn.confirm(),
    'learn:remove': ({ id }) => learn.remove(id),
  };
}
