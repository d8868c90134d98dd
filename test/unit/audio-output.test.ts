import { describe, expect, it } from 'vitest';
import { AudioOutput } from '../../src/main/audio/audio-output';
import type { AudioOutputState } from '../../src/shared/contract';

function output(canChoose = true) {
  const sent: (string | null)[] = [];
  const persisted: (string | null)[] = [];
  const notices: string[] = [];
  const states: AudioOutputState[] = [];
  const out = new AudioOutput({
    engine: { setDevice: (device) => sent.push(device) },
    persist: (device) => persisted.push(device),
    onState: (state) => states.push(state),
    notice: (message) => notices.push(message),
    list: () => Promise.resolve({ devices: [], note: null, canChoose }),
    canChoose,
  });
  return { out, sent, persisted, notices, states };
}

describe('the chosen output and what the audio process opened', () => {
  it('falls back with one notice, and comes back when the device opens again', () => {
    const { out, sent, persisted, notices } = output();
    out.restore('usb');
    expect(sent).toEqual(['usb']);
    const failed = {
      type: 'device',
      requested: 'usb',
      opened: null,
      reason: 'Failed to open output device',
    } as const;
    out.onMessage(failed);
    out.onMessage(failed); // the next play falls back again: no second notice
    expect(notices).toEqual([
      "The audio device 'usb' is not available (Failed to open output device): playing through the system default. Your choice is kept: Sampledeck goes back to it as soon as it opens again.",
    ]);
    expect(out.get()).toMatchObject({ chosen: 'usb', current: null });
    expect(out.get().fallback).toContain("'usb'");
    out.onMessage({ type: 'device', requested: 'usb', opened: 'usb' });
    expect(out.get()).toEqual({ chosen: 'usb', current: 'usb', fallback: null, canChoose: true });
    out.onMessage(failed); // gone again: told again
    expect(notices).toHaveLength(2);
    expect(persisted).toEqual([]); // the choice was never touched
  });

  it('a message about an earlier choice changes nothing', () => {
    const { out, notices } = output();
    out.choose('b');
    out.onMessage({ type: 'device', requested: 'a', opened: null, reason: 'gone' });
    expect(notices).toEqual([]);
    expect(out.get()).toMatchObject({ chosen: 'b', current: 'b', fallback: null });
  });

  it('choosing keeps the choice and tells the process; the default is null', () => {
    const { out, sent, persisted } = output();
    out.choose('plughw:CARD=M2,DEV=0');
    out.choose(null);
    expect(sent).toEqual(['plughw:CARD=M2,DEV=0', null]);
    expect(persisted).toEqual(['plughw:CARD=M2,DEV=0', null]);
  });

  it('where nothing can be chosen, a saved device is kept on disk but not opened', () => {
    const { out, sent } = output(false);
    out.restore('usb');
    expect(sent).toEqual([null]);
    expect(out.get()).toMatchObject({ chosen: null, canChoose: false });
  });
});
