import { systemClock, type Clock } from '../../shared/clock';
import { INTERNAL_PORTS } from '../../shared/midi/internal-ports';
import type { MidiBackend, MidiInputHandle, MidiListener, MidiOutputHandle } from './midi-backend';

/**
 * The internal virtual bus. It exists on every machine, MIDI hardware or not, and carries the
 * clock generator, the sequencer and the tests. Delivery is synchronous: the listener (the
 * service) only enqueues, exactly as it does for a message from RtMidi's thread.
 */
export class InternalBus implements MidiBackend {
  readonly kind = 'internal';
  private readonly listeners = new Map<string, Set<MidiListener>>(
    INTERNAL_PORTS.map((p) => [p, new Set()]),
  );

  constructor(private readonly clock: Clock = systemClock) {}

  private now(): number {
    return this.clock.now();
  }

  inputNames(): string[] {
    return [...INTERNAL_PORTS];
  }

  outputNames(): string[] {
    return [...INTERNAL_PORTS];
  }

  private port(name: string): Set<MidiListener> {
    const port = this.listeners.get(name);
    if (!port) throw new Error(`no internal port "${name}"`);
    return port;
  }

  openInput(name: string, listener: MidiListener): MidiInputHandle {
    const port = this.port(name);
    port.add(listener);
    return { close: () => port.delete(listener) };
  }

  openOutput(name: string): MidiOutputHandle {
    const port = this.port(name);
    return {
      send: (bytes) => {
        const t = this.now();
        for (const listener of port) listener([...bytes], t);
      },
      close: () => undefined,
    };
  }

  /** Sends straight to a port, for Sampledeck's own generators. */
  send(name: string, bytes: readonly number[], t = this.now()): void {
    for (const listener of this.port(name)) listener(bytes as number[], t);
  }

  dispose(): void {
    for (const port of this.listeners.values()) port.clear();
  }
}
