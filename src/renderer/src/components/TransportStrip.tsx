import { useState } from 'react';
import { BPM_RANGE } from '../../../shared/contract';
import { midiActions, useMidiStore } from '../stores/midi';

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Transport and tempo of the followed clock, the beat light, and Sampledeck's own clock. */
export function TransportStrip() {
  const clock = useMidiStore((s) => s.clock);
  const [bpm, setBpm] = useState('120');
  const running = clock?.generator.running ?? false;
  const transport = clock?.transport ?? 'stopped';
  const position = clock?.position ?? { bar: 1, beat: 1, tick: 0 };
  const bpmValue = Number(bpm);
  const bpmValid =
    Number.isFinite(bpmValue) && bpmValue >= BPM_RANGE.min && bpmValue <= BPM_RANGE.max;
  return (
    <div className="transport" role="group" aria-label="Transport and clock">
      <span className="transport-state" aria-label="Transport">
        {transport === 'playing' ? 'Playing' : transport === 'paused' ? 'Paused' : 'Stopped'}
      </span>
      <span
        key={clock?.beat ?? 0}
        className={`beat-light${transport === 'playing' && !clock?.noClock ? ' flash' : ''}`}
        aria-hidden="true"
      />
      <span className="bpm" aria-label="Tempo">
        {clock?.bpm !== null && clock?.bpm !== undefined && !clock.noClock
          ? `${clock.bpm.toFixed(1)} BPM`
          : '— BPM'}
      </span>
      <span className="position" aria-label="Position">
        {`${position.bar}.${position.beat}.${pad(position.tick, 2)}`}
      </span>
      {clock?.noClock !== false && <span className="muted">no clock</span>}
      {clock?.warning && (
        <span className="notice" role="alert">
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
          onChange={(e) => {
            setBpm(e.target.value);
            const value = Number(e.target.value);
            if (running && value >= BPM_RANGE.min && value <= BPM_RANGE.max)
              void midiActions.generator(true, value);
          }}
        />
        <button disabled={!bpmValid} onClick={() => void midiActions.generator(!running, bpmValue)}>
          {running ? 'Stop clock' : 'Start clock'}
        </button>
      </span>
    </div>
  );
}
