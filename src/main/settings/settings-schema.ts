import { z } from 'zod';
import {
  audioDeviceId,
  BPM_RANGE,
  VOLUME_DB_RANGE,
  preferencesSchema,
} from '../../shared/contract';
import { DEFAULT_LOUDNESS_TARGET } from '../../shared/loudness-match';
import { mappingSchema } from '../../shared/midi-learn';
import { DEFAULT_NOTE_NAMING, type NoteNaming } from '../../shared/note-name';
import { patternSchema } from '../../shared/sequencer/pattern';

const portId = z.string().min(1).max(300);

/** The volume's top before it became 0 dB: such saved values are clamped, not thrown away. */
const LEGACY_VOLUME_DB_MAX = 6;

/** A setting with one value: what the user chose, or the default. */
function single<T>(label: string, schema: z.ZodType<T>, fallback: T) {
  return { kind: 'single' as const, label, schema, fallback };
}

/** A list whose items are checked one by one, so one bad item never costs the others. */
function list<T>(label: string, item: z.ZodType<T>, max: number) {
  return { kind: 'list' as const, label, schema: item, fallback: [] as T[], max };
}

/**
 * Every field of `<user data>/settings.json`. Each is read on its own (each item of a list
 * too) when the file is loaded: see settings-file.ts.
 */
export const settingsFields = {
  /** Up to 0 dB; a louder one saved before 0 dB became the top (+6) is brought down to it. */
  volumeDb: single(
    'the volume',
    z
      .number()
      .min(VOLUME_DB_RANGE.min)
      .max(LEGACY_VOLUME_DB_MAX)
      .transform((db) => Math.min(db, VOLUME_DB_RANGE.max)),
    0 as number,
  ),
  /** The output device (an ALSA PCM name), kept while it is missing; null: the system default. */
  audioDevice: single('the audio device', audioDeviceId.nullable(), null as string | null),
  loop: single('loop', z.boolean(), false as boolean),
  autoPlay: single('auto-play', z.boolean(), true as boolean),
  /** The sequencer's patterns; none saved yet: the default one. */
  patterns: list('patterns', patternSchema, 16),
  mappings: list('MIDI mappings', mappingSchema, 1000),
  /** Sampler notes mapped to files, by path (ids are per session). */
  samplerNotes: list(
    'sampler notes',
    z.strictObject({ note: z.number().int().min(0).max(127), path: z.string().max(4096) }),
    128,
  ),
  /** The sampler's input, by port name (it survives a replug); null: sampler mode off. */
  samplerInput: single('the sampler input', z.string().min(1).max(300).nullable(), null),
  thru: list(
    'MIDI thru routes',
    z.strictObject({
      from: portId,
      to: portId,
      channel: z.number().int().min(1).max(16).nullable(),
    }),
    256,
  ),
  /** Outputs Sampledeck's clock goes to besides "Sampledeck Clock" (port ids). */
  clockOutputs: list('clock outputs', portId, 32),
  clockBpm: single(
    'the clock tempo',
    z.number().min(BPM_RANGE.min).max(BPM_RANGE.max),
    120 as number,
  ),
  /** The input whose clock is followed (a port id); null: the first that sends. */
  clockSource: single('the clock source', portId.nullable(), null as string | null),
  monitorCapacity: single(
    'the monitor size',
    z.number().int().min(100).max(1_000_000),
    10_000 as number,
  ),
  // The Settings screen's own preferences (src/shared/contract/settings.ts).
  noteNaming: single(
    'the note naming',
    preferencesSchema.shape.noteNaming,
    DEFAULT_NOTE_NAMING as NoteNaming,
  ),
  watchFolders: single('watching folders', preferencesSchema.shape.watchFolders, true as boolean),
  hiddenFiles: single('hidden files', preferencesSchema.shape.hiddenFiles, false as boolean),
  matchLoudness: single(
    'loudness matching',
    preferencesSchema.shape.matchLoudness,
    false as boolean,
  ),
  loudnessTarget: single(
    'the loudness target',
    preferencesSchema.shape.loudnessTarget,
    DEFAULT_LOUDNESS_TARGET as number,
  ),
};

type Fields = typeof settingsFields;
type ValueOf<F> = F extends { fallback: infer T } ? T : never;

export type Settings = { -readonly [K in keyof Fields]: ValueOf<Fields[K]> };

export const defaultSettings = (): Settings =>
  Object.fromEntries(
    Object.entries(settingsFields).map(([key, field]) => [key, structuredClone(field.fallback)]),
  ) as Settings;
