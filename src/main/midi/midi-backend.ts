/**
 * What the MIDI service needs of a source of ports. Two exist: RtMidi (hardware and virtual
 * ports, through @julusian/midi) and the internal bus (always there).
 */

/** Called for every message as it arrives: the bytes and a time stamp (monotonic ms of the service's Clock: performance.now() by default). */
export type MidiListener = (bytes: number[], t: number) => void;

export interface MidiInputHandle {
  close(): void;
}

export interface MidiOutputHandle {
  send(bytes: readonly number[]): void;
  close(): void;
}

export interface MidiBackend {
  readonly kind: 'internal' | 'hardware';
  /** Its outputs are opened and sent to in the clock thread (RtMidi), not on main. */
  readonly outputsInClockThread?: boolean;
  inputNames(): string[];
  outputNames(): string[];
  openInput(name: string, listener: MidiListener): MidiInputHandle;
  openOutput(name: string): MidiOutputHandle;
  dispose(): void;
}
