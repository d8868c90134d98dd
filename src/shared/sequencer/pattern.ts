/**
 * The step sequencer's pattern model: one bar of 16 sixteenth-note steps, a few drum tracks
 * (one note each) and a monophonic bass line. Validated with zod wherever patterns cross a
 * boundary (settings file, IPC), so the sequencer can trust every number in range.
 */
import { z } from 'zod';
import { PULSES_PER_BAR, SIXTEENTHS_PER_BAR } from '../midi/clock-pulses';

/** Steps are sixteenth notes (PULSES_PER_SIXTEENTH clock pulses each): 16 make a bar. */
export const STEPS = SIXTEENTHS_PER_BAR;
/** A hit sounds for at most a bar. */
export const MAX_GATE_PULSES = PULSES_PER_BAR;

export interface DrumTrack {
  name: string;
  /** 1..16 */
  channel: number;
  /** 0..127 */
  note: number;
  /** 1..127 */
  velocity: number;
  /** 1..96: how long a hit sounds, in clock pulses. */
  gatePulses: number;
  /** Exactly 16. */
  steps: boolean[];
  mute: boolean;
  /** An output port of its own (a port id), besides the sequencer's outputs. */
  port?: string | null;
}

export interface BassStep {
  on: boolean;
  /** 0..127 */
  note: number;
  /** Hold this note into the next one (legato): the next note-on comes before this note-off. */
  slide: boolean;
}

export interface BassTrack {
  channel: number;
  velocity: number;
  gatePulses: number;
  /** Exactly 16. */
  steps: BassStep[];
  mute: boolean;
  /** An output port of its own (a port id), besides the sequencer's outputs. */
  port?: string | null;
}

export interface Pattern {
  name: string;
  drums: DrumTrack[];
  bass: BassTrack;
}

const channel = z.number().int().min(1).max(16);
const data7 = z.number().int().min(0).max(127);
const velocity = z.number().int().min(1).max(127);
const gatePulses = z.number().int().min(1).max(MAX_GATE_PULSES);

const drumTrackSchema = z
  .object({
    name: z.string().max(64),
    channel,
    note: data7,
    velocity,
    gatePulses,
    steps: z.array(z.boolean()).length(STEPS),
    mute: z.boolean(),
    port: z.string().min(1).max(300).nullable().optional(),
  })
  .strict();

const bassStepSchema = z.object({ on: z.boolean(), note: data7, slide: z.boolean() }).strict();

const bassTrackSchema = z
  .object({
    channel,
    velocity,
    gatePulses,
    steps: z.array(bassStepSchema).length(STEPS),
    mute: z.boolean(),
    port: z.string().min(1).max(300).nullable().optional(),
  })
  .strict();

export const patternSchema: z.ZodType<Pattern> = z
  .object({
    name: z.string().max(64),
    drums: z.array(drumTrackSchema).max(32),
    bass: bassTrackSchema,
  })
  .strict();

const DRUM_CHANNEL = 10;
const BASS_CHANNEL = 2;
const DRUM_GATE = 3;
const BASS_GATE = 5;

/** Steps (0-based) → a 16-step row. */
function row(on: readonly number[]): boolean[] {
  return Array.from({ length: STEPS }, (_, i) => on.includes(i));
}

function drum(name: string, note: number, vel: number, on: readonly number[]): DrumTrack {
  const track: DrumTrack = {
    name,
    channel: DRUM_CHANNEL,
    note,
    velocity: vel,
    gatePulses: DRUM_GATE,
    steps: row(on),
    mute: false,
  };
  return track;
}

/** A four-on-the-floor beat (GM drum notes on channel 10) and a short bass line on channel 2. */
export function defaultPattern(): Pattern {
  const bassLine: Record<number, [note: number, slide: boolean]> = {
    0: [36, false],
    3: [36, false],
    6: [39, true],
    7: [41, false],
    10: [36, false],
    12: [43, true],
    13: [41, false],
    14: [39, false],
  };
  return {
    name: 'Default',
    drums: [
      drum('Kick', 36, 110, [0, 4, 8, 12]),
      drum('Snare', 38, 100, [4, 12]),
      drum('Closed hat', 42, 80, [0, 2, 4, 6, 8, 10, 12]),
      drum('Open hat', 46, 90, [14]),
    ],
    bass: {
      channel: BASS_CHANNEL,
      velocity: 100,
      gatePulses: BASS_GATE,
      steps: Array.from({ length: STEPS }, (_, i) => {
        const step = bassLine[i];
        return step
          ? { on: true, note: step[0], slide: step[1] }
          : { on: false, note: 36, slide: false };
      }),
      mute: false,
    },
  };
}

/** The same tracks as the default pattern, every step off. */
export function emptyPattern(name: string): Pattern {
  const pattern = defaultPattern();
  return {
    name,
    drums: pattern.drums.map((track) => ({ ...track, steps: row([]) })),
    bass: {
      ...pattern.bass,
      steps: Array.from({ length: STEPS }, () => ({ on: false, note: 36, slide: false })),
    },
  };
}
