/**
 * MIDI learn: map a controller's CCs and pads/keys to app actions. Pure: the MIDI service feeds
 * every decoded message in and performs the actions that come out.
 *
 * 'volume' is continuous: every change of a CC's value fires with value/127, a note-on with
 * velocity/127. Every other action is a button: a CC fires when its value crosses from below 64
 * to 64 or more (so a pressed-and-held or a repeated value fires once), a note-on fires when
 * its velocity is above 0. Note-offs never fire.
 */
import { z } from 'zod';
import type { MidiMessage } from './midi/midi-message';

export const controlActions = [
  'next-file',
  'previous-file',
  'play-selected',
  'stop',
  'volume',
  'toggle-auto-play',
  'transport-start-stop',
] as const;
export type ControlAction = (typeof controlActions)[number];

export interface MidiTrigger {
  /** The input port's name; null: any port. */
  port: string | null;
  kind: 'cc' | 'note';
  /** 1..16 */
  channel: number;
  /** The controller or note number, 0..127. */
  number: number;
}

export interface Mapping {
  id: number;
  action: ControlAction;
  trigger: MidiTrigger;
}

export const midiTriggerSchema: z.ZodType<MidiTrigger> = z
  .object({
    port: z.string().max(256).nullable(),
    kind: z.enum(['cc', 'note']),
    channel: z.number().int().min(1).max(16),
    number: z.number().int().min(0).max(127),
  })
  .strict();

export const mappingSchema: z.ZodType<Mapping> = z
  .object({
    id: z.number().int().min(1),
    action: z.enum(controlActions),
    trigger: midiTriggerSchema,
  })
  .strict();

export const mappingsSchema = z.array(mappingSchema);

/** A control moved while learning that another action already uses: kept until confirmed. */
export interface LearnConflict {
  action: ControlAction;
  trigger: MidiTrigger;
  /** The action that has it now. */
  takenFrom: ControlAction;
}

export interface MidiLearnResult {
  learned?: Mapping;
  /** Learning stopped on a control another action has: nothing changes until confirm(). */
  conflict?: LearnConflict;
  actions: { action: ControlAction; value: number }[];
}

const CONTINUOUS: ReadonlySet<ControlAction> = new Set<ControlAction>(['volume']);
const BUTTON_THRESHOLD = 64;

function sameTrigger(a: MidiTrigger, b: MidiTrigger): boolean {
  return a.port === b.port && a.kind === b.kind && a.channel === b.channel && a.number === b.number;
}

/** The trigger a message is, with its 0..127 value; null for anything else (note-offs too). */
function triggerOf(
  port: string,
  message: MidiMessage,
): { trigger: MidiTrigger; value: number } | null {
  const channel = message.channel;
  if (channel === null) return null;
  if (message.type === 'control-change') {
    return {
      trigger: { port, kind: 'cc', channel, number: message.controller },
      value: message.value,
    };
  }
  if (message.type === 'note-on' && message.velocity > 0) {
    return {
      trigger: { port, kind: 'note', channel, number: message.note },
      value: message.velocity,
    };
  }
  return null;
}

export class MidiLearn {
  private list: Mapping[];
  private armed: ControlAction | null = null;
  private pending: LearnConflict | null = null;
  /** The last value of each CC seen, by port, channel and controller. */
  private readonly ccValues = new Map<string, number>();

  constructor(mappings: Mapping[] = []) {
    this.list = mappingsSchema.parse(mappings).map((m) => ({ ...m, trigger: { ...m.trigger } }));
  }

  get mappings(): Mapping[] {
    return this.list.map((m) => ({ ...m, trigger: { ...m.trigger } }));
  }

  get learning(): ControlAction | null {
    return this.armed;
  }

  /** The control moved while learning that another action has, waiting for confirm or cancel. */
  get conflict(): LearnConflict | null {
    return this.pending && { ...this.pending, trigger: { ...this.pending.trigger } };
  }

  /** Arm learning: the next CC or note-on (any port) becomes the trigger of `action`. */
  learn(action: ControlAction): void {
    this.armed = action;
    this.pending = null;
  }

  cancel(): void {
    this.armed = null;
    this.pending = null;
  }

  /** Takes the control of the conflict from the action that had it; null when there was none. */
  confirm(): Mapping | null {
    const pending = this.pending;
    if (!pending) return null;
    this.pending = null;
    return this.take(pending.action, pending.trigger);
  }

  private take(action: ControlAction, trigger: MidiTrigger): Mapping {
    const learned: Mapping = { id: this.nextId(), action, trigger };
    this.list = this.list.filter((m) => !sameTrigger(m.trigger, trigger));
    this.list.push(learned);
    return { ...learned, trigger: { ...trigger } };
  }

  remove(id: number): void {
    this.list = this.list.filter((m) => m.id !== id);
  }

  /** Feed every decoded message; returns the actions to perform (or the new mapping when learning). */
  handle(port: string, message: MidiMessage): MidiLearnResult {
    const incoming = triggerOf(port, message);
    if (!incoming) return { actions: [] };
    const { trigger, value } = incoming;

    let previous: number | undefined;
    if (trigger.kind === 'cc') {
      const key = `${port}\u0000${trigger.channel}\u0000${trigger.number}`;
      previous = this.ccValues.get(key);
      this.ccValues.set(key, value);
    }

    if (this.armed !== null) {
      const action = this.armed;
      this.armed = null;
      // Another action's control is not taken without asking (the same action's is re-learned).
      const holder = this.list.find((m) => sameTrigger(m.trigger, trigger) && m.action !== action);
      if (holder) {
        this.pending = { action, trigger, takenFrom: holder.action };
        return { conflict: this.conflict!, actions: [] };
      }
      return { learned: this.take(action, trigger), actions: [] };
    }

    const actions: MidiLearnResult['actions'] = [];
    for (const mapping of this.list) {
      const t = mapping.trigger;
      if (t.kind !== trigger.kind || t.channel !== trigger.channel || t.number !== trigger.number) {
        continue;
      }
      if (t.port !== null && t.port !== port) continue;
      if (trigger.kind === 'cc') {
        const fires = CONTINUOUS.has(mapping.action)
          ? previous !== value
          : (previous ?? 0) < BUTTON_THRESHOLD && value >= BUTTON_THRESHOLD;
        if (!fires) continue;
      }
      actions.push({ action: mapping.action, value: value / 127 });
    }
    return { actions };
  }

  private nextId(): number {
    return this.list.reduce((max, m) => Math.max(max, m.id), 0) + 1;
  }
}
