// Handled in src/main/handlers/sequencer-handlers.ts (the sequencer, the sampler, MIDI learn).
import { z } from 'zod';
import {
  controlActions,
  type ControlAction,
  type LearnConflict,
  type Mapping,
} from '../midi-learn';
import { STEPS, patternSchema, type Pattern } from '../sequencer/pattern';
import { patternEditSchema } from '../sequencer/pattern-edit';
import { noArgs, portId, request } from './request';

export type { ControlAction, Mapping, Pattern };

export interface SequencerState {
  /** Whether it plays along with the followed clock's transport. */
  enabled: boolean;
  playing: boolean;
  /** The step (0-15) last played, null when stopped. */
  step: number | null;
  patterns: Pattern[];
  current: number;
  /** The pattern that takes over at the next bar line. */
  queued: number | null;
  /** Where its notes go (port ids); "Sampledeck Sequencer" always. */
  outputs: string[];
}

export interface LearnState {
  mappings: Mapping[];
  /** The action waiting for a control to be moved, if any. */
  learning: ControlAction | null;
  /** A control moved for `learning` that another action has: taken only on `learn:confirm`. */
  conflict: LearnConflict | null;
}

export interface SamplerState {
  input: string | null;
  /** Notes that play a given library file, by note number. */
  notes: { note: number; id: number; name: string }[];
}

/** A mapped control fired: the window performs what it owns (the selection, auto-play). */
export interface ControlFired {
  /** A mapped action, or a sampler hit (play the selected file; value = velocity / 127). */
  action: ControlAction | 'sampler';
  value: number;
}

const fileIdOrNull = z.number().int().positive().nullable();
const sequencerConfig = z.strictObject({
  enabled: z.boolean().optional(),
  patterns: z.array(patternSchema).min(1).max(16).optional(),
  queue: z.number().int().min(0).max(15).optional(),
  outputs: z.array(portId).max(16).optional(),
});

/** A whole number from 0 to `max`, whose error names the value it got. */
const indexUpTo = (what: string, max: number) => {
  const error = (issue: { input: unknown }) =>
    `${what} ${JSON.stringify(issue.input)} is not a whole number from 0 to ${max}`;
  return z.number({ error }).int({ error }).min(0, { error }).max(max, { error });
};
const toggleStep = z.strictObject({
  pattern: indexUpTo('pattern', 15),
  track: z.union([indexUpTo('drum track', 31), z.literal('bass')], {
    error: (issue) =>
      `track ${JSON.stringify(issue.input)} is neither a drum track (0-31) nor "bass"`,
  }),
  step: indexUpTo('step', STEPS - 1),
});

export const sequencerRequests = {
  'sequencer:state': request<SequencerState>()(noArgs),
  /** Patterns (edits apply from the next step), the pattern to switch to at the next bar, outputs. */
  'sequencer:configure': request<SequencerState>()(sequencerConfig),
  /** One edit of the patterns, applied after the ones sent before it (from the next step). */
  'sequencer:edit': request<SequencerState>()(patternEditSchema),
  /**
   * Flips one step (the grid's click): the answer is that step only; the new state comes once,
   * as the `sequencer:state` event.
   */
  'sequencer:toggle-step': request<{ on: boolean }>()(toggleStep),
  /**
   * Sampler mode: note-ons from `input` play the selected file (null: off), or the file a note
   * is mapped to. `map` maps a note to a library file (id null: unmapped); kept in the settings.
   */
  'sampler:state': request<SamplerState>()(noArgs),
  'sampler:configure': request<SamplerState>()(
    z.strictObject({
      input: portId.nullable().optional(),
      map: z.strictObject({ note: z.number().int().min(0).max(127), id: fileIdOrNull }).optional(),
    }),
  ),
  'learn:state': request<LearnState>()(noArgs),

  /** Arms MIDI learn: the next control moved or pad hit is mapped to `action`. */
  'learn:start': request<LearnState>()(z.strictObject({ action: z.enum(controlActions) })),
  'learn:cancel': request<LearnState>()(noArgs),
  /** Takes the control of `conflict` from the action that has it. */
  'learn:confirm': request<LearnState>()(noArgs),
  'learn:remove': request<LearnState>()(z.strictObject({ id: z.number().int().nonnegative() })),
};

export interface SequencerEvents {
  /** The sequencer's step moved, or its patterns, outputs or state changed. */
  'sequencer:state': SequencerState;
  'learn:state': LearnState;
  'sampler:state': SamplerState;
  'control:fired': ControlFired;
}
