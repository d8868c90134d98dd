import { AppError } from '../../shared/app-error';
import type { MidiPort, MidiPortKind, SubsystemStatus } from '../../shared/contract';
import type { Disposable } from '../../shared/lifecycle';
import type { InternalBus } from './internal-bus';
import type { MidiBackend, MidiInputHandle, MidiOutputHandle } from './midi-backend';
import { describeRtMidiFailure, type RtMidiBackend } from './rtmidi-backend';
import { Emitter } from '../../shared/emitter';

export interface PortRegistryOptions {
  /** Sampledeck's own ports; the caller created it and releases it. */
  bus: InternalBus;
  /** Creates the RtMidi backend; it may throw (no ALSA sequencer). Called once, lazily. */
  createHardware: () => Promise<RtMidiBackend>;
  onHardwareStatus?: (status: SubsystemStatus) => void;
  pollMs?: number;
}

/** Opens hardware outputs in the clock thread, which sends to them itself. */
export type ThreadOutputOpener = (name: string) => MidiOutputHandle;

interface Input {
  port: MidiPort;
  handle: MidiInputHandle | null;
  /** The user closed it: do not reopen it when it comes back. */
  closedByUser: boolean;
}

export const portId = (kind: MidiPortKind, name: string) => `${kind}:${name}`;

/**
 * Every MIDI port Sampledeck knows: the internal bus's and RtMidi's (started the first time
 * anyone asks about MIDI, polled for hot-plug), which inputs are open, the open output handles
 * and the virtual inputs. Incoming bytes leave through `onInput` untouched.
 */
export class PortRegistry implements Disposable {
  private hardware: RtMidiBackend | null = null;
  private status: SubsystemStatus = { state: 'starting' };
  private hardwareStart: Promise<void> | null = null;
  private readonly inputs = new Map<string, Input>();
  private readonly outputs = new Map<string, MidiPort>();
  private readonly openOutputs = new Map<string, MidiOutputHandle>();
  private openInThread: ThreadOutputOpener | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private disposed = false;

  private readonly changed = new Emitter();
  private readonly hardwareUp = new Emitter<[MidiBackend]>();
  private readonly replugged = new Emitter();
  private readonly inputOpened = new Emitter<[MidiPort]>();
  private readonly input = new Emitter<[MidiPort, number[], number]>();
  /** The ports, an input's open state or the hardware status changed. */
  readonly onChange = this.changed.listen;
  /** RtMidi started. */
  readonly onHardware = this.hardwareUp.listen;
  /** Hot-plug: a hardware port came or went (fired before `onChange`). */
  readonly onReplug = this.replugged.listen;
  /** An input (re)opened: what it sends starts afresh. */
  readonly onInputOpened = this.inputOpened.listen;
  /** Bytes from an open input, with their monotonic time stamp. */
  readonly onInput = this.input.listen;

  constructor(private readonly options: PortRegistryOptions) {
    this.addBackendPorts(options.bus, 'internal');
  }

  /** Hardware outputs are opened through `open` from now on, where RtMidi sends from there. */
  openOutputsInThread(open: ThreadOutputOpener): void {
    this.openInThread = open;
  }

  /** Starts RtMidi the first time anyone asks about MIDI; its failure is a status, not an error. */
  ensureHardware(): Promise<void> {
    this.hardwareStart ??= this.options.createHardware().then(
      (backend) => {
        if (this.disposed) return backend.dispose();
        this.hardware = backend;
        this.hardwareUp.fire(backend);
        this.setStatus({
          state: 'available',
          detail: `RtMidi: ${backend.inputNames().length} inputs, ${backend.outputNames().length} outputs`,
        });
        this.poll();
        this.pollTimer = setInterval(() => this.poll(), this.options.pollMs ?? 1000);
        this.pollTimer.unref();
      },
      (error: unknown) =>
        this.setStatus({ state: 'unavailable', reason: describeRtMidiFailure(error) }),
    );
    return this.hardwareStart;
  }

  private setStatus(status: SubsystemStatus): void {
    this.status = status;
    this.options.onHardwareStatus?.(status);
    this.changed.fire();
  }

  hardwareStatus(): SubsystemStatus {
    return this.status;
  }

  inputPorts(): MidiPort[] {
    return [...this.inputs.values()].map((i) => i.port);
  }

  outputPorts(): MidiPort[] {
    return [...this.outputs.values()];
  }

  hasInput(id: string): boolean {
    return this.inputs.has(id);
  }

  hasOutput(id: string): boolean {
    return this.outputs.has(id);
  }

  /** An input's name for messages to the user; its id if it is not known. */
  inputName(id: string): string {
    return this.inputs.get(id)?.port.name ?? id;
  }

  private reason(): string {
    return this.status.state === 'unavailable' ? this.status.reason : 'starting';
  }

  private addBackendPorts(backend: MidiBackend, kind: MidiPortKind): void {
    for (const name of backend.inputNames()) this.connectInput(kind, name);
    for (const name of backend.outputNames()) {
      const id = portId(kind, name);
      this.outputs.set(id, { id, name, kind, connected: true, open: false });
    }
  }

  /** Hot-plug: RtMidi has no notification, so the port lists are compared once a second. */
  private poll(): void {
    const backend = this.hardware;
    if (!backend) return;
    let changed = false;
    const inputs = new Set(backend.inputNames());
    for (const input of this.inputs.values()) {
      if (input.port.kind !== 'hardware') continue;
      if (input.port.connected && !inputs.has(input.port.name)) {
        input.handle?.close();
        input.handle = null;
        input.port = { ...input.port, connected: false, open: false };
        changed = true;
      }
    }
    for (const name of inputs) {
      const known = this.inputs.get(portId('hardware', name));
      if (!known || !known.port.connected) {
        this.connectInput('hardware', name);
        changed = true;
      }
    }
    const outputs = new Set(backend.outputNames());
    for (const [id, port] of this.outputs) {
      if (port.kind !== 'hardware') continue;
      const connected = outputs.has(port.name);
      if (connected !== port.connected) {
        this.outputs.set(id, { ...port, connected });
        if (!connected) {
          this.openOutputs.get(id)?.close();
          this.openOutputs.delete(id);
        }
        changed = true;
      }
    }
    for (const name of outputs) {
      const id = portId('hardware', name);
      if (!this.outputs.has(id)) {
        this.outputs.set(id, { id, name, kind: 'hardware', connected: true, open: false });
        changed = true;
      }
    }
    if (!changed) return;
    this.replugged.fire();
    this.changed.fire();
  }

  /** A port that appeared (or came back): open it unless the user closed it. */
  private connectInput(kind: MidiPortKind, name: string): void {
    const id = portId(kind, name);
    const input: Input = this.inputs.get(id) ?? {
      port: { id, name, kind, connected: true, open: false },
      handle: null,
      closedByUser: false,
    };
    input.port = { ...input.port, connected: true };
    this.inputs.set(id, input);
    if (!input.closedByUser) this.openInput(input);
  }

  private openInput(input: Input): void {
    if (input.handle || !input.port.connected) return;
    const backend = input.port.kind === 'internal' ? this.options.bus : this.hardware;
    if (!backend) return;
    try {
      this.inputOpened.fire(input.port);
      input.handle = backend.openInput(input.port.name, (bytes, t) =>
        this.input.fire(input.port, bytes, t),
      );
      input.port = { ...input.port, open: true };
    } catch {
      input.port = { ...input.port, open: false };
    }
  }

  setInputOpen(id: string, open: boolean): void {
    const input = this.inputs.get(id);
    if (!input) throw new AppError('NOT_FOUND', `no MIDI input "${id}"`);
    input.closedByUser = !open;
    if (open) {
      this.openInput(input);
      if (!input.port.open) {
        throw new AppError('UNAVAILABLE', `cannot open MIDI input "${input.port.name}"`);
      }
    } else {
      input.handle?.close();
      input.handle = null;
      input.port = { ...input.port, open: false };
    }
    this.changed.fire();
  }

  createVirtualInput(name: string): void {
    const hardware = this.hardware;
    if (!hardware) {
      throw new AppError(
        'UNAVAILABLE',
        `virtual ports need MIDI hardware support: ${this.reason()}`,
      );
    }
    const id = portId('virtual', name);
    if (this.inputs.has(id))
      throw new AppError('INVALID_ARGS', `a virtual port "${name}" exists already`);
    const input: Input = {
      port: { id, name, kind: 'virtual', connected: true, open: true },
      handle: null,
      closedByUser: false,
    };
    this.inputOpened.fire(input.port);
    input.handle = hardware.openVirtualInput(name, (bytes, t) =>
      this.input.fire(input.port, bytes, t),
    );
    this.inputs.set(id, input);
    this.changed.fire();
  }

  /** Whether the clock thread sends to this output itself (RtMidi's; not a test's stand-in). */
  inClockThread(id: string): boolean {
    return this.outputs.get(id)?.kind === 'hardware' && !!this.hardware?.outputsInClockThread;
  }

  /** A connected output that the clock thread sends to itself, by name; null otherwise. */
  threadOutputName(id: string): string | null {
    const port = this.outputs.get(id);
    return port?.connected && this.inClockThread(id) ? port.name : null;
  }

  private output(id: string): MidiOutputHandle {
    const open = this.openOutputs.get(id);
    if (open) return open;
    const port = this.outputs.get(id);
    if (!port) throw new AppError('NOT_FOUND', `no MIDI output "${id}"`);
    if (!port.connected)
      throw new AppError('UNAVAILABLE', `MIDI output "${port.name}" is disconnected`);
    let handle: MidiOutputHandle;
    if (port.kind === 'internal') handle = this.options.bus.openOutput(port.name);
    else if (!this.hardware)
      throw new AppError('UNAVAILABLE', `MIDI hardware unavailable: ${this.reason()}`);
    else if (this.inClockThread(id) && this.openInThread) handle = this.openInThread(port.name);
    else handle = this.hardware.openOutput(port.name);
    this.openOutputs.set(id, handle);
    return handle;
  }

  send(id: string, bytes: readonly number[]): void {
    this.output(id).send(bytes);
  }

  /** Thru never throws into the input path: a vanished output just drops the message. */
  trySend(id: string, bytes: readonly number[]): void {
    try {
      this.send(id, bytes);
    } catch {
      // The port list will show it as disconnected.
    }
  }

  /**
   * Sends what was sent at `t` elsewhere (the clock thread): internal ports carry that time
   * stamp, so their listeners see when it was sent, not when main got to it.
   */
  sendStamped(id: string, bytes: number[], t: number): void {
    const port = this.outputs.get(id);
    if (port?.kind === 'internal') this.options.bus.send(port.name, bytes, t);
    else this.trySend(id, bytes);
  }

  /** The clock thread could not open or send to a hardware output: its handle is gone. */
  outputFailed(name: string): string {
    const id = portId('hardware', name);
    this.openOutputs.delete(id);
    this.changed.fire();
    return id;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    for (const input of this.inputs.values()) input.handle?.close();
    for (const output of this.openOutputs.values()) output.close();
    this.hardware?.dispose();
    for (const signal of [
      this.changed,
      this.hardwareUp,
      this.replugged,
      this.inputOpened,
      this.input,
    ])
      signal.dispose();
  }
}
