/**
 * Edits of the sequencer's patterns as commands: the window sends what the user did (flip
 * this step, set that note), and main applies each to its own patterns in the order they
 * came, so two quick edits never erase each other as two whole pattern sets would.
 */
import { z } from 'zod';
import { MAX_GATE_PULSES, STEPS, type Pattern } from './pattern';

const patternIndex = z.number().int().min(0).max(15);
const step = z
  .number()
  .int()
  .min(0)
  .max(STEPS - 1);
/** A drum track's index, or the bass. */
const track = z.union([z.number().int().min(0).max(31), z.literal('bass')]);

export const patternEditSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('toggle-step'), pattern: patternIndex, track, step }),
  /** A track's settings; `note` is a drum track's only. */
  z.strictObject({
    type: z.literal('set-track'),
    pattern: patternIndex,
    track,
    velocity: z.number().int().min(1).max(127).optional(),
    gatePulses: z.number().int().min(1).max(MAX_GATE_PULSES).optional(),
    channel: z.number().int().min(1).max(16).optional(),
    note: z.number().int().min(0).max(127).optional(),
    mute: z.boolean().optional(),
    port: z.string().min(1).max(300).nullable().optional(),
  }),
  z.strictObject({
    type: z.literal('set-bass-step'),
    pattern: patternIndex,
    step,
    on: z.boolean().optional(),
    note: z.number().int().min(0).max(127).optional(),
    slide: z.boolean().optional(),
  }),
  /** A copy of pattern `copyOf` at the end, named by a letter no pattern has. */
  z.strictObject({ type: z.literal('add-pattern'), copyOf: patternIndex }),
  z.strictObject({
    type: z.literal('rename-pattern'),
    pattern: patternIndex,
    name: z.string().trim().min(1, 'a pattern needs a name').max(64),
  }),
  /** The patterns after it move up one; the last pattern stays. */
  z.strictObject({ type: z.literal('delete-pattern'), pattern: patternIndex }),
]);

export type PatternEdit = z.infer<typeof patternEditSchema>;

/** An edit that does not fit the patterns as they are (a pattern or track that is not there). */
export class PatternEditError extends Error {
  override name = 'PatternEditError';
}

const MAX_PATTERNS = 16;

/** The patterns after one edit; the ones not edited are the same objects. */
export function applyPatternEdit(patterns: readonly Pattern[], edit: PatternEdit): Pattern[] {
  const which = edit.type === 'add-pattern' ? edit.copyOf : edit.pattern;
  const source = patterns[which];
  if (!source) {
    throw new PatternEditError(`no pattern ${which + 1} (there are ${patterns.length})`);
  }
  if (edit.type === 'add-pattern') {
    if (patterns.length >= MAX_PATTERNS) {
      throw new PatternEditError(`at most ${MAX_PATTERNS} patterns`);
    }
    const copy = structuredClone(source);
    // The letter of its place (B for the second), or the first letter no pattern has.
    const names = new Set(patterns.map((p) => p.name));
    const letters = Array.from({ length: 26 }, (_, i) => String.fromCharCode(65 + i));
    copy.name =
      [letters[patterns.length], ...letters].find((l) => l !== undefined && !names.has(l)) ??
      `${source.name} copy`;
    return [...patterns, copy];
  }
  if (edit.type === 'delete-pattern') {
    if (patterns.length === 1) {
      throw new PatternEditError(`pattern 1 (${source.name}) is the only one: it stays`);
    }
    return patterns.filter((_, i) => i !== edit.pattern);
  }
  if (edit.type === 'rename-pattern') {
    const out = [...patterns];
    out[edit.pattern] = { ...source, name: edit.name };
    return out;
  }
  const pattern = structuredClone(source);
  const out = [...patterns];
  out[edit.pattern] = pattern;
  if (edit.type === 'set-bass-step') {
    const target = pattern.bass.steps[edit.step] as Pattern['bass']['steps'][number];
    if (edit.on !== undefined) target.on = edit.on;
    if (edit.note !== undefined) target.note = edit.note;
    if (edit.slide !== undefined) target.slide = edit.slide;
    return out;
  }
  const target = edit.track === 'bass' ? pattern.bass : pattern.drums[edit.track];
  if (!target) {
    throw new PatternEditError(
      `pattern ${edit.pattern + 1} (${pattern.name}) has no drum track ${(edit.track as number) + 1} (it has ${pattern.drums.length})`,
    );
  }
  if (edit.type === 'toggle-step') {
    if ('note' in target) target.steps[edit.step] = !target.steps[edit.step];
    else {
      const bassStep = target.steps[edit.step] as Pattern['bass']['steps'][number];
      bassStep.on = !bassStep.on;
    }
    return out;
  }
  if (edit.note !== undefined) {
    if (!('note' in target)) {
      throw new PatternEditError('the bass track has a note per step: use set-bass-step');
    }
    target.note = edit.note;
  }
  if (edit.velocity !== undefined) target.velocity = edit.velocity;
  if (edit.gatePulses !== undefined) target.gatePulses = edit.gatePulses;
  if (edit.channel !== undefined) target.channel = edit.channel;
  if (edit.mute !== undefined) target.mute = edit.mute;
  if (edit.port !== undefined) target.port = edit.port;
  return out;
}
