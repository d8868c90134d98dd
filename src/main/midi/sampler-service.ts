import { AppError } from '../../shared/app-error';
import type { LibraryFile, MidiPort, SamplerState } from '../../shared/contract';
import type { MidiMessage } from '../../shared/midi/midi-message';

/** What is kept across restarts: the input by name, the notes by path. */
export interface SamplerSettings {
  samplerInput?: string | null;
  samplerNotes?: { note: number; path: string }[];
}

export interface SamplerServiceOptions {
  /** The MIDI inputs there are now. */
  inputs: () => MidiPort[];
  fileByPath: (path: string) => LibraryFile | undefined;
  /** A library file by id; throws NOT_FOUND for one that is not there. */
  fileById: (id: number) => LibraryFile;
  /** A note mapped to a file: main plays it. */
  playFile: (file: LibraryFile, velocity: number) => void;
  /** Any other note: the window plays its selected file. */
  playSelected: (velocity: number) => void;
  persist: (change: SamplerSettings) => void;
  onState?: (state: SamplerState) => void;
}

/**
 * Sampler mode: note-ons from one chosen input play the selected file, velocity setting the
 * level, or the file a note is mapped to. Notes are kept by path, so they survive restarts
 * and rescans; the input by name, so it survives a replug.
 */
export class SamplerService {
  private input: string | null = null;
  private readonly notes = new Map<number, string>();

  constructor(private readonly options: SamplerServiceOptions) {}

  restore(saved: Required<SamplerSettings>): void {
    this.input = saved.samplerInput;
    for (const { note, path } of saved.samplerNotes) this.notes.set(note, path);
  }

  /** A message from a controller (any input). */
  handle(port: string, message: MidiMessage): void {
    if (port !== this.input || message.type !== 'note-on' || !message.velocity) return;
    const mapped = this.notes.get(message.note);
    const file = mapped === undefined ? undefined : this.options.fileByPath(mapped);
    if (file) this.options.playFile(file, message.velocity);
    else this.options.playSelected(message.velocity);
  }

  configure(change: {
    input?: string | null;
    map?: { note: number; id: number | null };
  }): SamplerState {
    const { input, map } = change;
    if (input !== undefined) {
      const port = input === null ? null : this.options.inputs().find((p) => p.id === input);
      if (port === undefined) throw new AppError('NOT_FOUND', `no MIDI input "${input}"`);
      this.input = port?.name ?? null;
      this.options.persist({ samplerInput: this.input });
    }
    if (map) {
      if (map.id === null) this.notes.delete(map.note);
      else this.notes.set(map.note, this.options.fileById(map.id).path);
      this.options.persist({
        samplerNotes: [...this.notes].map(([note, path]) => ({ note, path })),
      });
    }
    const state = this.state();
    this.options.onState?.(state);
    return state;
  }

  state(): SamplerState {
    return {
      input: this.options.inputs().find((p) => p.name === this.input)?.id ?? null,
      notes: [...this.notes].flatMap(([note, path]) => {
        const file = this.options.fileByPath(path);
        return file ? [{ note, id: file.id, name: file.name }] : [];
      }),
    };
  }
}
