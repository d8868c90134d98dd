import type { MidiOutputHandle } from './midi-backend';
import { describeRtMidiFailure, loadRtMidi, openRtMidiOutput } from './rtmidi-backend';

type RtMidi = Awaited<ReturnType<typeof loadRtMidi>>;

/**
 * The hardware outputs, as the clock thread holds them: opened by name on first use, in the
 * order the sends came even while RtMidi is still loading. An output that fails is closed and
 * reported; the next send to it tries again.
 */
export class HardwareOutputs {
  private readonly open = new Map<string, MidiOutputHandle>();
  private rtmidi: RtMidi | null = null;
  private loading: Promise<RtMidi> | null = null;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly onError: (name: string, message: string) => void) {}

  send(name: string, bytes: readonly number[]): void {
    this.with(name, (output) => output.send(bytes));
  }

  /** Opens the output now (so a first clock pulse does not wait for RtMidi), then `then`. */
  prepare(name: string, then: () => void): void {
    this.with(name, then);
  }

  close(name: string): void {
    try {
      this.open.get(name)?.close();
    } catch {
      // Already gone.
    }
    this.open.delete(name);
  }

  private with(name: string, use: (output: MidiOutputHandle) => void): void {
    const run = (midi: RtMidi) => {
      try {
        let output = this.open.get(name);
        if (!output) this.open.set(name, (output = openRtMidiOutput(midi, name)));
        use(output);
      } catch (error) {
        this.fail(name, error);
      }
    };
    if (this.rtmidi) return run(this.rtmidi);
    this.loading ??= loadRtMidi().then((midi) => (this.rtmidi = midi));
    const loaded = this.loading;
    this.queue = this.queue
      .then(() => loaded)
      .then(run, (error: unknown) => this.fail(name, error));
  }

  private fail(name: string, error: unknown): void {
    this.close(name);
    this.onError(name, describeRtMidiFailure(error));
  }
}
