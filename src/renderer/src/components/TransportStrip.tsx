import { useRef, useState } from 'react';

import { BPM_RANGE } from '../../../shared/contract';
import { SIXTEENTHS_PER_BAR } from '../../../shared/midi/clock-pulses';
import { midiActions, useMidiStore } from '../stores/midi';

const MAX_BAR = 1024;
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const clampBpm = (bpm: number) =>
  Math.min(BPM_RANGE.max, Math.max(BPM_RANGE.min, Math.round(bpm * 10) / 10));

/** Tap tempo: the average of the last few taps; a pause of 2 s starts over. */
function useTapTempo(onTempo: (bpm: number) => void) {
  const taps = useRef<number[]>([]);
  return () => {
    const now = performance.now();
    const recent = taps.current.filter((t) => now - t < 2000).slice(-4);
    recent.push(now);
    taps.current = recent;
    if (recent.length >= 2) {
      const interval = (recent.at(-1)! - recent[0]!) / (recent.length - 1);
      onTempo(clampBpm(60_000 / interval));
    }
  };
}

/** Transport and tempo of the followed clock, the beat light, and Sampledeck as clock master. */
export function TransportStrip() {
  const clock = useMidiStore((s) => s.clock);
  const generatorBpm = clock?.generator.bpm ?? 120;
  // What the user is typing; otherwise the generator's tempo.
  const [draft, setDraft] = useState<string | null>(null);
  const bpm = draft ?? String(generatorBpm);
  const running = clock?.generator.running ?? false;
  const transport = clock?.transport ?? 'stopped';
  const position = clock?.position ?? { bar: 1, beat: 1, tick: 0 };
  const bpmValue = Number(bpm);
  const bpmValid =
    Number.isFinite(bpmValue) && bpmValue >= BPM_RANGE.min && bpmValue <= BPM_RANGE.max;
  const tap = useTapTempo((tapped) => {
    setDraft(null);
    void midiActions.configureClock({ bpm: tapped });
  });
  const startStop = () => void midiActions.transport(running ? 'stop' : 'start');
  // Song position pointer: bar N is (N - 1) × SIXTEENTHS_PER_BAR sixteenths; SPP reaches 16383.
  const [bar, setBar] = useState('1');
  const barValue = Number(bar);
  const barValid = Number.isInteger(barValue) && barValue >= 1 && barValue <= MAX_BAR;
  return (
    <div
      className="transport"
      role="group"
      aria-label="Transport and clock"
      data-keys="transport"
      onKeyDown={(e) => {
        // Space drives the clock while the transport has focus (and not in the tempo field).
        if (e.key === ' ' && !(e.target instanceof HTMLInputElement)) {
          e.preventDefault();
          startStop();
        }
      }}
    >
      <span className="transport-state" aria-label="Transport">
        {transport === 'playing' ? 'Playing' : transport === 'paused' ? 'Paused' : 'Stopped'}
      </span>
      <span
        key={clock?.beat ?? 0}
        className={`beat-light${transport === 'playing' && !clock?.noClock ? ' flash' : ''}`}
        aria-hidden="true"
      />
      <span className="bpm" aria-label="Tempo">
        {clock?.bpm != null && !clock.noClock
          ? `${clock.bpm.toFixed(1)} BPM`
          : clock?.noClock !== false
            ? 'no clock'
            : '— BPM'}
      </span>
      <span className="position" aria-label="Position">
        {`${position.bar}.${position.beat}.${pad(position.tick, 2)}`}
      </span>
      {clock?.warning && (
        <span className="notice" role="alert" title={clock.warning}>
          {clock.warning}
        </span>
      )}
      <span className="generator">
        <input
          aria-label="Clock tempo"
          className={bpmValid ? '' : 'invalid'}
          type="number"
          min={BPM_RANGE.min}
          max={BPM_RANGE.max}
          step={0.1}
          value={bpm}
          onBlur={() => setDraft(null)}
          onChange={(e) => {
            setDraft(e.target.value);
            const value = Number(e.target.value);
            if (value >= BPM_RANGE.min && value <= BPM_RANGE.max) {
              void midiActions.configureClock({ bpm: value });
            }
          }}
        />
        <button onClick={tap}>Tap</button>
        {/* Stop always works; only a start needs a tempo it can use. */}
        <button
          aria-label={running ? 'Stop clock' : 'Start clock'}
          disabled={!running && !bpmValid}
          onClick={startStop}
        >
          {running ? 'Stop' : 'Start'}
        </button>
        <button disabled={running} onClick={() => void midiActions.transport('continue')}>
          Continue
        </button>
        <span className="muted" aria-hidden="true">
          bar
        </span>
        <input
          aria-label="Locate bar"
          className={barValid ? 'locate-bar' : 'locate-bar invalid'}
          type="number"
          min={1}
          max={MAX_BAR}
          step={1}
          value={bar}
          onChange={(e) => setBar(e.target.value)}
        />
        <button
          disabled={running || !barValid}
          title="Send a song position pointer: Continue resumes at this bar"
          onClick={() =>
            void midiActions.configureClock({ songPosition: (barValue - 1) * SIXTEENTHS_PER_BAR })
          }
        >
          Locate
        </button>
      </span>
    </div>
  );
}
