/**
 * The step sequencer: pure logic driven by 24-ppqn clock pulses (from the clock generator or
 * the clock follower). It turns patterns into MIDI note-ons and note-offs; sending them is
 * the caller's job.
 *
 * Gates are counted in pulses, never in time, so a tempo change cannot hang a note. Every
 * note that was turned on is remembered until its note-off is returned, so `stop()` can close
 * everything, and it sends CC 123 (All Notes Off) on every channel it has ever used as a
 * second line of defence.
 *
 * `pulse()` never throws: repeats are ignored, gaps close the gates that ended inside them,
 * and a jump backwards is a relocation (every sounding note is closed first).
 */
import { controlChange, noteOff, noteOn } from '../midi/midi-encode';
import { PULSES_PER_BAR, PULSES_PER_SIXTEENTH } from '../midi/clock-pulses';
import { STEPS, patternSchema, type Pattern } from './pattern';

/** A MIDI message to send now, tagged with the song pulse it belongs to. */
export interface SequencerEvent {
  bytes: number[];
  pulse: number;
}

interface SoundingNote {
  channel: number;
  note: number;
  /** The pulse at which its note-off is due. */
  offAt: number;
  /** The bass line's note (monophonic). */
  bass: boolean;
  /** A bass note with slide: the next bass note-on comes before its note-off. */
  legato: boolean;
}

const ALL_NOTES_OFF = 123;

function validPatterns(patterns: readonly Pattern[]): Pattern[] {
  if (patterns.length === 0) throw new RangeError('the sequencer needs at least one pattern');
  return patterns.map((pattern) => patternSchema.parse(pattern));
}

export class Sequencer {
  private patterns: Pattern[];
  private currentIndex = 0;
  private queuedIndex: number | null = null;
  private playing = false;
  /** The last pulse handled since START / CONTINUE; null when none yet. */
  private lastPulse: number | null = null;
  /** Where START / CONTINUE put the song position: the pulse expected first. */
  private resumeAt = 0;
  private lastStep: number | null = null;
  private notes: SoundingNote[] = [];
  private readonly usedChannels = new Set<number>();

  constructor(patterns: Pattern[]) {
    this.patterns = validPatterns(patterns);
  }

  /** Replace the patterns (validated; throws on an invalid one). Edits apply from the next step. */
  setPatterns(patterns: Pattern[], removed?: number): void {
    this.patterns = validPatterns(patterns);
    // A pattern deleted: the ones after it moved up one, and the queue follows them (the one
    // playing, if deleted, gives way to the one that took its place).
    if (removed !== undefined) {
      if (this.currentIndex > removed) this.currentIndex -= 1;
      if (this.queuedIndex === removed) this.queuedIndex = null;
      else if (this.queuedIndex !== null && this.queuedIndex > removed) this.queuedIndex -= 1;
      if (this.queuedIndex === this.currentIndex) this.queuedIndex = null;
    }
    if (this.currentIndex >= this.patterns.length) this.currentIndex = this.patterns.length - 1;
    if (this.queuedIndex !== null && this.queuedIndex >= this.patterns.length) {
      this.queuedIndex = null;
    }
  }

  /** Queue a switch to pattern `index`; it takes effect at the next bar line (pulse multiple of PULSES_PER_BAR). */
  queuePattern(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.patterns.length) {
      throw new RangeError(`pattern index must be 0..${this.patterns.length - 1}, got ${index}`);
    }
    this.queuedIndex = index === this.currentIndex ? null : index;
  }

  get current(): number {
    return this.currentIndex;
  }

  get queued(): number | null {
    return this.queuedIndex;
  }

  get isPlaying(): boolean {
    return this.playing;
  }

  /** 0..15 of the step last played, null when stopped (or started, before the first step). */
  get step(): number | null {
    return this.playing ? this.lastStep : null;
  }

  get sounding(): { channel: number; note: number }[] {
    return this.notes.map(({ channel, note }) => ({ channel, note }));
  }

  /** MIDI START: back to step 1 (pulse 0). Returns note-offs of anything still sounding. */
  start(): SequencerEvent[] {
    return this.resume(0);
  }

  /** Resume from a song position: the next pulse is expected to be `positionPulses`. */
  continue(positionPulses: number): SequencerEvent[] {
    const position =
      Number.isFinite(positionPulses) && positionPulses > 0 ? Math.floor(positionPulses) : 0;
    return this.resume(position);
  }

  /** Halt at once: note-off for every sounding note, then CC 123 on every channel used. */
  stop(): SequencerEvent[] {
    const at = this.lastPulse ?? 0;
    const events = this.closeAll(at);
    for (const channel of [...this.usedChannels].sort((a, b) => a - b)) {
      events.push({ bytes: controlChange(channel, ALL_NOTES_OFF, 0), pulse: at });
    }
    this.playing = false;
    this.lastPulse = null;
    this.lastStep = null;
    return events;
  }

  /**
   * One clock pulse while playing; `pulse` is its song position (0 for the first after START).
   * Returns the note-offs whose gate ends at this pulse, then the note-ons of a step starting
   * at it. Ignored while stopped, and for a pulse that is not a non-negative integer.
   */
  pulse(pulse: number): SequencerEvent[] {
    if (!this.playing || !Number.isSafeInteger(pulse) || pulse < 0) return [];
    const last = this.lastPulse;
    if (last === pulse) return [];

    const events: SequencerEvent[] = [];
    // A jump backwards is a relocation: nothing of the old position keeps sounding.
    if (last !== null && pulse < last) events.push(...this.closeAll(pulse));

    // The queued pattern takes over at a bar line (or the first pulse past one, after a gap).
    const before = last ?? this.resumeAt - 1;
    const crossedBar =
      pulse % PULSES_PER_BAR === 0 ||
      (pulse > before && Math.floor(pulse / PULSES_PER_BAR) > Math.floor(before / PULSES_PER_BAR));
    if (crossedBar && this.queuedIndex !== null) {
      this.currentIndex = this.queuedIndex;
      this.queuedIndex = null;
    }

    const pattern = this.patterns[this.currentIndex];
    const stepStart = pulse % PULSES_PER_SIXTEENTH === 0;
    const stepIndex = Math.floor(pulse / PULSES_PER_SIXTEENTH) % STEPS;
    const bassStep =
      stepStart && pattern && !pattern.bass.mute ? pattern.bass.steps[stepIndex] : undefined;
    const bassPlays = bassStep?.on === true;

    // Note-offs due now; a sliding bass note waits for the next bass note-on (legato).
    const keep: SoundingNote[] = [];
    for (const sounding of this.notes) {
      if (sounding.offAt <= pulse && !(sounding.legato && bassPlays)) {
        events.push({ bytes: noteOff(sounding.channel, sounding.note), pulse });
      } else {
        keep.push(sounding);
      }
    }
    this.notes = keep;

    if (stepStart && pattern) {
      this.lastStep = stepIndex;
      for (const track of pattern.drums) {
        if (track.mute || track.steps[stepIndex] !== true) continue;
        this.noteOn(events, pulse, track.channel, track.note, track.velocity, {
          offAt: pulse + track.gatePulses,
          bass: false,
          legato: false,
        });
      }
      if (bassStep && bassPlays)
        this.bassNote(events, pulse, pattern, bassStep.note, bassStep.slide);
    }

    this.lastPulse = pulse;
    return events;
  }

  // ---------------------------------------------------------------- internals

  private resume(position: number): SequencerEvent[] {
    const events = this.closeAll(this.lastPulse ?? position);
    this.playing = true;
    this.lastPulse = null;
    this.resumeAt = position;
    this.lastStep = null;
    return events;
  }

  private closeAll(pulse: number): SequencerEvent[] {
    const events = this.notes.map((n) => ({ bytes: noteOff(n.channel, n.note), pulse }));
    this.notes = [];
    return events;
  }

  private bassNote(
    events: SequencerEvent[],
    pulse: number,
    pattern: Pattern,
    note: number,
    slide: boolean,
  ): void {
    const { channel, velocity, gatePulses } = pattern.bass;
    const next = {
      offAt: pulse + (slide ? Math.max(gatePulses, PULSES_PER_SIXTEENTH) : gatePulses),
      bass: true,
      legato: slide,
    };
    const previous = this.notes.find((n) => n.bass);
    if (previous?.legato) {
      if (previous.channel === channel && previous.note === note) {
        // Sliding into the same note is a tie: it keeps sounding, with the new step's gate.
        Object.assign(previous, next);
        return;
      }
      this.notes = this.notes.filter((n) => n !== previous);
      this.noteOn(events, pulse, channel, note, velocity, next);
      events.push({ bytes: noteOff(previous.channel, previous.note), pulse });
      return;
    }
    if (previous) {
      this.notes = this.notes.filter((n) => n !== previous);
      events.push({ bytes: noteOff(previous.channel, previous.note), pulse });
    }
    this.noteOn(events, pulse, channel, note, velocity, next);
  }

  /** A note-on; a note still sounding on the same channel and key gets its note-off first. */
  private noteOn(
    events: SequencerEvent[],
    pulse: number,
    channel: number,
    note: number,
    velocity: number,
    rest: Omit<SoundingNote, 'channel' | 'note'>,
  ): void {
    const same = this.notes.find((n) => n.channel === channel && n.note === note);
    if (same) {
      this.notes = this.notes.filter((n) => n !== same);
      events.push({ bytes: noteOff(channel, note), pulse });
    }
    this.usedChannels.add(channel);
    events.push({ bytes: noteOn(channel, note, velocity), pulse });
    this.notes.push({ channel, note, ...rest });
  }
}
