import { existsSync } from 'node:fs';
import type { MidiBackend, MidiInputHandle, MidiListener, MidiOutputHandle } from './midi-backend';

import type * as JulusianMidi from '@julusian/midi';

type RtMidi = typeof JulusianMidi;

type RtInput = InstanceType<RtMidi['Input']>;

function portNames(port: { getPortCount(): number; getPortName(i: number): string }): string[] {
  const names: string[] = [];
  for (let i = 0; i < port.getPortCount(); i++) names.push(port.getPortName(i));
  return names;
}

export const loadRtMidi = (): Promise<RtMidi> => import('@julusian/midi');

/** Opens a hardware output by name; used on main and in the clock thread, which sends the clock. */
export function openRtMidiOutput(midi: RtMidi, name: string): MidiOutputHandle {
  const output = new midi.Output();
  const index = portNames(output).indexOf(name);
  if (index < 0) {
    output.closePort();
    throw new Error(`MIDI output "${name}" is not connected`);
  }
  output.openPort(index);
  return { send: (bytes) => output.sendMessage([...bytes]), close: () => output.closePort() };
}

/** Why RtMidi failed, with the likely cause on Linux. */
export function describeRtMidiFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const hint =
    process.platform === 'linux' && !existsSync('/dev/snd/seq')
      ? ' (no ALSA sequencer: /dev/snd/seq is missing)'
      : '';
  return `${message}${hint}`;
}

/**
 * Hardware and virtual ports through @julusian/midi. Created lazily, and only once: its
 * constructor throws "Failed to initialise RtMidi" where there is no ALSA sequencer. RtMidi
 * drops SysEx, clock and active sensing by default; we want all of them. Time stamps come from
 * the driver's deltaTime, accumulated from the first message's arrival, not from JS arrival.
 */
export class RtMidiBackend implements MidiBackend {
  readonly kind = 'hardware';
  readonly outputsInClockThread = true;
  private readonly probeIn: RtInput;
  private readonly probeOut: InstanceType<RtMidi['Output']>;
  private readonly virtuals: RtInput[] = [];

  private constructor(private readonly midi: RtMidi) {
    this.probeIn = new midi.Input();
    this.probeOut = new midi.Output();
  }

  static async create(): Promise<RtMidiBackend> {
    return new RtMidiBackend(await loadRtMidi());
  }

  inputNames(): string[] {
    return portNames(this.probeIn);
  }

  outputNames(): string[] {
    return portNames(this.probeOut);
  }

  private listen(input: RtInput, listener: MidiListener): void {
    input.ignoreTypes(false, false, false);
    let clock: number | null = null;
    input.on('message', (deltaTime: number, message: number[]) => {
      clock = clock === null ? performance.now() : clock + deltaTime * 1000;
      listener(message, clock);
    });
  }

  openInput(name: string, listener: MidiListener): MidiInputHandle {
    const index = this.inputNames().indexOf(name);
    if (index < 0) throw new Error(`MIDI input "${name}" is not connected`);
    const input = new this.midi.Input();
    this.listen(input, listener);
    input.openPort(index);
    return { close: () => input.closePort() };
  }

  openOutput(name: string): MidiOutputHandle {
    return openRtMidiOutput(this.midi, name);
  }

  /** A port other programs see and can send to. */
  openVirtualInput(name: string, listener: MidiListener): MidiInputHandle {
    const input = new this.midi.Input();
    this.listen(input, listener);
    input.openVirtualPort(name);
    this.virtuals.push(input);
    return { close: () => input.closePort() };
  }

  dispose(): void {
    for (const input of this.virtuals) input.closePort();
    this.probeIn.closePort();
    this.probeOut.closePort();
  }
}
