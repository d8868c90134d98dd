import type { SequencerState } from '../../shared/contract';
import { SEQUENCER_PORT_ID } from '../../shared/midi/internal-ports';
import { Sequencer, type SequencerEvent } from '../../shared/sequencer/sequencer';
import { defaultPattern, type Pattern } from '../../shared/sequencer/pattern';
import { applyPatternEdit, type PatternEdit } from '../../shared/sequencer/pattern-edit';

export type TimingType = 'start' | 'stop' | 'continue' | 'clock' | 'song-position';

export interface SequencerChange {
  enabled?: boolean;
  patterns?: Pattern[];
  /** One edit of the patterns as they are now (after `patterns`, if both). */
  edit?: PatternEdit;
  queue?: number;
  outputs?: string[];
}

export interface SequencerServiceOptions {
  /** Sends one message to every output (the internal "Sampledeck Sequencer" and the chosen). */
  send: (bytes: number[], outputs: readonly string[]) => void;
  onState: (state: SequencerState) => void;
  patterns?: Pattern[];
}

/** The state of a sequencer that has not been configured: one default pattern, stopped. */
export function defaultSequencerState(): SequencerState {
  return {
    enabled: true,
    playing: false,
    step: null,
    patterns: [defaultPattern()],
    current: 0,
    queued: null,
    outputs: [SEQUENCER_PORT_ID],
  };
}

/**
 * The drum machine and the bass, following the selected clock. It runs in the clock thread
 * (clock-worker.ts), driven by that thread's own clock or by the external clock main follows,
 * with the song position of each message; main sees it through SequencerRemote.
 */
export class SequencerService {
  private readonly sequencer: Sequencer;
  private patterns: Pattern[];
  private enabled = true;
  private outputs: string[] = [SEQUENCER_PORT_ID];
  private lastStep: number | null = null;
  private resuming = false;

  constructor(private readonly options: SequencerServiceOptions) {
    this.patterns = options.patterns?.length ? options.patterns : [defaultPattern()];
    this.sequencer = new Sequencer(this.patterns);
  }

  state(): SequencerState {
    return {
      enabled: this.enabled,
      playing: this.sequencer.isPlaying,
      step: this.sequencer.step,
      patterns: this.patterns,
      current: this.sequencer.current,
      queued: this.sequencer.queued,
      outputs: this.outputs,
    };
  }

  private play(events: SequencerEvent[]): void {
    for (const event of events) this.options.send(event.bytes, this.outputsFor(event.bytes));
  }

  /**
   * The sequencer's outputs, plus the port of the track a note belongs to (found by channel
   * and note; the bass by channel), or of every track on the channel of an All Notes Off.
   */
  private outputsFor(bytes: readonly number[]): readonly string[] {
    const status = bytes[0]! & 0xf0;
    const channel = (bytes[0]! & 0x0f) + 1;
    const ports = new Set<string>();
    for (const pattern of this.patterns) {
      for (const track of [...pattern.drums, pattern.bass]) {
        if (!track.port || track.channel !== channel) continue;
        const isNote = status === 0x80 || status === 0x90;
        const drumNote = 'note' in track ? track.note : null;
        if (!isNote || drumNote === null || drumNote === bytes[1]) ports.add(track.port);
      }
    }
    return ports.size ? [...new Set([...this.outputs, ...ports])] : this.outputs;
  }

  /** A timing message from the followed clock, with the song position it leaves. */
  onTiming(type: TimingType, pulses: number): void {
    const wasPlaying = this.sequencer.isPlaying;
    if (type === 'stop') {
      this.resuming = false;
      this.play(this.sequencer.stop());
    } else if (!this.enabled) return;
    else if (type === 'start') this.play(this.sequencer.start());
    else if (type === 'continue') this.resuming = true;
    else if (type === 'clock' && this.resuming) {
      // Where CONTINUE resumes (after a STOP, or at a song position) is the next pulse's.
      this.resuming = false;
      this.play([...this.sequencer.continue(pulses), ...this.sequencer.pulse(pulses)]);
    } else if (type === 'clock' && this.sequencer.isPlaying)
      this.play(this.sequencer.pulse(pulses));
    const step = this.sequencer.step;
    if (step !== this.lastStep || wasPlaying !== this.sequencer.isPlaying) {
      this.lastStep = step;
      this.options.onState(this.state());
    }
  }

  configure(change: SequencerChange): SequencerState {
    if (change.patterns) {
      this.patterns = change.patterns;
      this.sequencer.setPatterns(change.patterns);
    }
    if (change.edit) {
      const patterns = applyPatternEdit(this.patterns, change.edit);
      const { edit } = change;
      this.sequencer.setPatterns(
        patterns,
        edit.type === 'delete-pattern' ? edit.pattern : undefined,
      );
      this.patterns = patterns;
    }
    if (change.queue !== undefined)
      this.sequencer.queuePattern(Math.min(change.queue, this.patterns.length - 1));
    if (change.outputs)
      this.outputs = [SEQUENCER_PORT_ID, ...change.outputs.filter((o) => o !== SEQUENCER_PORT_ID)];
    if (change.enabled !== undefined) {
      this.enabled = change.enabled;
      // Switched off mid-bar: nothing may be left sounding.
      if (!change.enabled) this.play(this.sequencer.stop());
    }
    // The caller gets the state back (the clock thread answers main with it): no event too.
    return this.state();
  }
}
