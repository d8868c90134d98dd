import { describe, expect, it } from 'vitest';
import {
  MidiLearn,
  controlActions,
  mappingSchema,
  type Mapping,
} from '../../src/shared/midi-learn';
import { controlChange, noteOff, noteOn, programChange } from '../../src/shared/midi/midi-encode';
import type { MidiMessage } from '../../src/shared/midi/midi-message';
import { decodeMessage } from '../../src/shared/midi/midi-parser';

function msg(bytes: number[]): MidiMessage {
  const m = decodeMessage(bytes);
  if ('kind' in m) throw new Error(m.reason);
  return m;
}

const cc = (channel: number, controller: number, value: number) =>
  msg(controlChange(channel, controller, value));
const on = (channel: number, note: number, velocity: number) =>
  msg(noteOn(channel, note, velocity));

const mapping = (
  id: number,
  action: Mapping['action'],
  trigger: Partial<Mapping['trigger']> = {},
): Mapping => ({
  id,
  action,
  trigger: { port: null, kind: 'cc', channel: 1, number: 20, ...trigger },
});

describe('MidiLearn', () => {
  it('learns the next CC as the trigger of an action, without firing it', () => {
    const learn = new MidiLearn();
    learn.learn('next-file');
    expect(learn.learning).toBe('next-file');
    // Non-triggers (program change, note-off, clock) are ignored while learning.
    expect(learn.handle('A', msg(programChange(1, 3)))).toEqual({ actions: [] });
    expect(learn.handle('A', msg(noteOff(1, 60)))).toEqual({ actions: [] });
    expect(learn.handle('A', msg([0xf8]))).toEqual({ actions: [] });
    expect(learn.learning).toBe('next-file');
    const result = learn.handle('A', cc(3, 21, 127));
    expect(result).toEqual({
      learned: {
        id: 1,
        action: 'next-file',
        trigger: { port: 'A', kind: 'cc', channel: 3, number: 21 },
      },
      actions: [],
    });
    expect(learn.learning).toBeNull();
    expect(learn.mappings).toHaveLength(1);
  });

  it('learns a note-on (velocity 0 does not count); a control another action has is taken only once confirmed', () => {
    const learn = new MidiLearn([
      mapping(4, 'stop', { port: 'P', kind: 'note', channel: 10, number: 36 }),
    ]);
    learn.learn('play-selected');
    expect(learn.handle('P', on(10, 36, 0)).learned).toBeUndefined();
    const asked = learn.handle('P', on(10, 36, 90));
    // "stop" has that pad: nothing changes yet, the conflict waits for an answer.
    expect(asked.learned).toBeUndefined();
    expect(asked.conflict).toEqual({
      action: 'play-selected',
      trigger: { port: 'P', kind: 'note', channel: 10, number: 36 },
      takenFrom: 'stop',
    });
    expect(learn.mappings.map((m) => m.action)).toEqual(['stop']);
    expect(learn.learning).toBeNull();
    // While it waits the pad still does what it did.
    expect(learn.handle('P', on(10, 36, 90)).actions).toEqual([
      { action: 'stop', value: 90 / 127 },
    ]);
    const learned = learn.confirm();
    expect(learn.conflict).toBeNull();
    expect(learned).toEqual({
      id: 5,
      action: 'play-selected',
      trigger: { port: 'P', kind: 'note', channel: 10, number: 36 },
    });
    expect(learn.mappings.map((m) => m.action)).toEqual(['play-selected']);
  });

  it('a conflict cancelled leaves the control to its action; the same action re-learns without asking', () => {
    const pad = { port: 'P', kind: 'cc', channel: 1, number: 21 } as const;
    const learn = new MidiLearn([mapping(1, 'next-file', pad)]);
    learn.learn('stop');
    expect(learn.handle('P', cc(1, 21, 127)).conflict?.takenFrom).toBe('next-file');
    learn.cancel();
    expect(learn.conflict).toBeNull();
    expect(learn.confirm()).toBeNull();
    expect(learn.mappings).toEqual([mapping(1, 'next-file', pad)]);
    learn.learn('next-file');
    const again = learn.handle('P', cc(1, 21, 0));
    expect(again.conflict).toBeUndefined();
    expect(again.learned).toMatchObject({ action: 'next-file', trigger: pad });
    expect(learn.mappings.map((m) => m.action)).toEqual(['next-file']);
  });

  it('cancel disarms; remove deletes by id', () => {
    const learn = new MidiLearn([mapping(1, 'stop'), mapping(2, 'volume', { number: 7 })]);
    learn.learn('stop');
    learn.cancel();
    expect(learn.learning).toBeNull();
    expect(learn.handle('A', cc(1, 30, 100)).learned).toBeUndefined();
    learn.remove(1);
    expect(learn.mappings.map((m) => m.id)).toEqual([2]);
  });

  it('a button CC fires once when it crosses from below 64 to 64 or more', () => {
    const learn = new MidiLearn([mapping(1, 'next-file')]);
    const fire = (value: number) => learn.handle('A', cc(1, 20, value)).actions;
    expect(fire(127)).toEqual([{ action: 'next-file', value: 1 }]); // first press: no previous value
    expect(fire(127)).toEqual([]); // held / repeated
    expect(fire(100)).toEqual([]);
    expect(fire(0)).toEqual([]); // release
    expect(fire(63)).toEqual([]);
    expect(fire(64)).toEqual([{ action: 'next-file', value: 64 / 127 }]);
  });

  it('volume is continuous: every CC value change fires with value/127', () => {
    const learn = new MidiLearn([mapping(1, 'volume', { number: 7 })]);
    const fire = (value: number) => learn.handle('A', cc(1, 7, value)).actions;
    expect(fire(0)).toEqual([{ action: 'volume', value: 0 }]);
    expect(fire(10)).toEqual([{ action: 'volume', value: 10 / 127 }]);
    expect(fire(10)).toEqual([]);
    expect(fire(127)).toEqual([{ action: 'volume', value: 1 }]);
  });

  it('notes: note-on with velocity fires (volume gets velocity/127), note-off and velocity 0 do not', () => {
    const learn = new MidiLearn([
      mapping(1, 'stop', { kind: 'note', number: 60 }),
      mapping(2, 'volume', { kind: 'note', number: 60 }),
    ]);
    expect(learn.handle('A', on(1, 60, 127)).actions).toEqual([
      { action: 'stop', value: 1 },
      { action: 'volume', value: 1 },
    ]);
    expect(learn.handle('A', on(1, 60, 0)).actions).toEqual([]);
    expect(learn.handle('A', msg(noteOff(1, 60, 64))).actions).toEqual([]);
    expect(learn.handle('A', on(1, 61, 127)).actions).toEqual([]);
    expect(learn.handle('A', on(2, 60, 127)).actions).toEqual([]);
    // A CC with the same number is not the note.
    expect(learn.handle('A', cc(1, 60, 127)).actions).toEqual([]);
  });

  it('matches ports: null is any port, a name only that port; CC state is per port', () => {
    const learn = new MidiLearn([
      mapping(1, 'toggle-auto-play', { port: 'A' }),
      mapping(2, 'transport-start-stop'),
    ]);
    expect(learn.handle('B', cc(1, 20, 127)).actions.map((a) => a.action)).toEqual([
      'transport-start-stop',
    ]);
    // Port A's CC 20 has its own previous value, so it fires even though B's is high.
    expect(learn.handle('A', cc(1, 20, 127)).actions.map((a) => a.action)).toEqual([
      'toggle-auto-play',
      'transport-start-stop',
    ]);
  });

  it('CC values seen while learning count as the previous value', () => {
    const learn = new MidiLearn();
    learn.learn('previous-file');
    learn.handle('A', cc(1, 20, 127)); // learned on the press
    expect(learn.handle('A', cc(1, 20, 127)).actions).toEqual([]); // still held
    learn.handle('A', cc(1, 20, 0));
    expect(learn.handle('A', cc(1, 20, 127)).actions).toEqual([
      { action: 'previous-file', value: 1 },
    ]);
  });

  it('validates mappings for persistence; mappings are copies', () => {
    for (const action of controlActions) {
      expect(mappingSchema.safeParse(mapping(1, action)).success).toBe(true);
    }
    expect(mappingSchema.safeParse({ ...mapping(1, 'stop'), action: 'explode' }).success).toBe(
      false,
    );
    expect(mappingSchema.safeParse(mapping(1, 'stop', { channel: 0 })).success).toBe(false);
    expect(mappingSchema.safeParse(mapping(1, 'stop', { number: 128 })).success).toBe(false);
    expect(mappingSchema.safeParse({ ...mapping(1, 'stop'), extra: true }).success).toBe(false);
    expect(() => new MidiLearn([mapping(0, 'stop')])).toThrow();
    const learn = new MidiLearn([mapping(1, 'stop')]);
    learn.mappings[0]!.trigger.number = 99;
    expect(learn.mappings[0]!.trigger.number).toBe(20);
  });
});
