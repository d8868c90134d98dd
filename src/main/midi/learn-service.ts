import type { LearnState } from '../../shared/contract';
import { MidiLearn, type ControlAction, type Mapping } from '../../shared/midi-learn';
import type { MidiMessage } from '../../shared/midi/midi-message';

export interface LearnServiceOptions {
  mappings: Mapping[];
  persist: (mappings: Mapping[]) => void;
  onState: (state: LearnState) => void;
  /** A mapped control fired. */
  onAction: (action: ControlAction, value: number) => void;
}

/** MIDI learn in main: every decoded message passes through here on its way to the monitor. */
export class LearnService {
  private learn: MidiLearn;

  constructor(private readonly options: LearnServiceOptions) {
    this.learn = new MidiLearn(options.mappings);
  }

  state(): LearnState {
    return {
      mappings: this.learn.mappings,
      learning: this.learn.learning,
      conflict: this.learn.conflict,
    };
  }

  private changed(): LearnState {
    const state = this.state();
    this.options.persist(state.mappings);
    this.options.onState(state);
    return state;
  }

  /** The saved mappings, once the settings are read. */
  restore(mappings: Mapping[]): void {
    this.learn = new MidiLearn(mappings);
    this.options.onState(this.state());
  }

  start(action: ControlAction): LearnState {
    this.learn.learn(action);
    return this.changed();
  }

  cancel(): LearnState {
    this.learn.cancel();
    return this.changed();
  }

  /** Takes the control of the conflict from the action that had it. */
  confirm(): LearnState {
    this.learn.confirm();
    return this.changed();
  }

  remove(id: number): LearnState {
    this.learn.remove(id);
    return this.changed();
  }

  handle(port: string, message: MidiMessage): void {
    const { learned, conflict, actions } = this.learn.handle(port, message);
    if (learned || conflict) this.changed();
    for (const { action, value } of actions) this.options.onAction(action, value);
  }
}
