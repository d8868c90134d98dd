import { SEQUENCER_PORT_ID } from '../../../shared/midi/internal-ports';
import { noteName } from '../../../shared/note-name';
import { useState } from 'react';
import { NO_PORTS, useMidiStore } from '../stores/midi';
import { sequencerActions, useSequencerStore } from '../stores/sequencer';
import { useNoteNaming } from '../stores/settings';
import { NameDialog } from './NameDialog';
import { PortSelect } from './PortSelect';

/** C1 to C5: where bass lines live. */
const BASS_NOTES = Array.from({ length: 49 }, (_, i) => 24 + i);

/** Where one track's notes go besides the sequencer's outputs. */
function TrackPort(props: {
  label: string;
  port: string | null | undefined;
  onChange: (port: string | null) => void;
}) {
  const outputs = useMidiStore((s) => s.state?.outputs ?? NO_PORTS);
  return (
    <PortSelect
      label={`${props.label} output`}
      className="track-port"
      none="sequencer outputs"
      prefix="+ "
      ports={outputs.filter((p) => p.id !== SEQUENCER_PORT_ID)}
      value={props.port ?? null}
      onChange={props.onChange}
    />
  );
}

function StepRow(props: {
  label: string;
  steps: boolean[];
  names?: string[];
  onToggle: (step: number) => void;
  playing: number | null;
  port: string | null | undefined;
  onPort: (port: string | null) => void;
}) {
  return (
    <div className="seq-row" role="row" aria-label={props.label}>
      <div className="seq-label" role="rowheader">
        <span>{props.label}</span>
        <TrackPort label={props.label} port={props.port} onChange={props.onPort} />
      </div>
      {props.steps.map((on, i) => (
        <button
          key={i}
          role="gridcell"
          aria-label={`${props.label} step ${i + 1}`}
          aria-pressed={on}
          className={`step${on ? ' on' : ''}${props.playing === i ? ' now' : ''}${i % 4 === 0 ? ' beat' : ''}`}
          onClick={() => props.onToggle(i)}
          title={props.names?.[i]}
        >
          {props.names && on ? props.names[i] : ''}
        </button>
      ))}
    </div>
  );
}

/** The 16-step drum machine and bass (MIDI learn has its own tab: LearnView). */
export function SequencerView() {
  const naming = useNoteNaming();
  const state = useSequencerStore((s) => s.sequencer);
  const [renaming, setRenaming] = useState(false);
  if (!state) return <section className="sequencer" aria-label="Sequencer" />;
  const index = state.current;
  const pattern = state.patterns[index]!;
  const playing = state.playing ? state.step : null;
  const queued = state.queued === null ? null : state.patterns[state.queued];
  return (
    <section className="sequencer" aria-label="Sequencer">
      <div className="toolbar">
        <label className="check">
          <input
            type="checkbox"
            checked={state.enabled}
            onChange={(e) => void sequencerActions.configure({ enabled: e.target.checked })}
          />
          Play with the clock
        </label>
        <span className="muted">Patterns:</span>
        {state.patterns.map((p, i) => (
          <button
            key={i}
            aria-pressed={i === index}
            className={`pattern${i === state.queued ? ' queued' : ''}${i === index && state.playing ? ' playing' : ''}`}
            title={
              i === state.queued
                ? 'switches at the next bar'
                : i === index
                  ? state.playing
                    ? 'playing'
                    : 'plays when the clock starts'
                  : undefined
            }
            onClick={() => void sequencerActions.configure({ queue: i })}
          >
            {p.name}
          </button>
        ))}
        <button onClick={() => sequencerActions.addPattern()}>+ Pattern</button>
        <button onClick={() => setRenaming(true)}>Rename…</button>
        <button
          disabled={state.patterns.length === 1}
          title={state.patterns.length === 1 ? 'the only pattern stays' : undefined}
          onClick={() => void sequencerActions.deletePattern(index)}
        >
          Delete {pattern.name}
        </button>
        <span className="muted" role="status" aria-label="Pattern playing">
          {state.playing
            ? `▶ ${pattern.name}, step ${(state.step ?? 0) + 1}`
            : `stopped · ${pattern.name}`}
          {queued ? ` · ${queued.name} at the next bar` : ''}
        </span>
      </div>
      {renaming && (
        <NameDialog
          label={`Rename pattern ${pattern.name}`}
          initial={pattern.name}
          action="Rename"
          onDone={(name) => void sequencerActions.renamePattern(index, name)}
          onClose={() => setRenaming(false)}
        />
      )}
      <div role="grid" aria-label="Steps" className="seq-grid">
        {pattern.drums.map((track, t) => (
          <StepRow
            key={t}
            label={`${track.name} (ch ${track.channel}, ${noteName(track.note, naming)})`}
            steps={track.steps}
            playing={playing}
            onToggle={(step) => void sequencerActions.toggleStep(index, t, step)}
            port={track.port}
            onPort={(port) => void sequencerActions.setTrackPort(index, t, port)}
          />
        ))}
        <StepRow
          label={`Bass (ch ${pattern.bass.channel})`}
          steps={pattern.bass.steps.map((s) => s.on)}
          names={pattern.bass.steps.map((s) => noteName(s.note, naming) + (s.slide ? '~' : ''))}
          playing={playing}
          onToggle={(step) => void sequencerActions.toggleStep(index, 'bass', step)}
          port={pattern.bass.port}
          onPort={(port) => void sequencerActions.setTrackPort(index, 'bass', port)}
        />

        <div className="seq-row" role="row" aria-label="Bass notes">
          <div className="seq-label" role="rowheader">
            Bass notes
          </div>
          {pattern.bass.steps.map((s, i) => (
            <select
              key={i}
              role="gridcell"
              aria-label={`Bass note step ${i + 1}`}
              className="step-note"
              value={s.note}
              onChange={(e) => void sequencerActions.setBassNote(index, i, Number(e.target.value))}
            >
              {BASS_NOTES.map((n) => (
                <option key={n} value={n}>
                  {noteName(n, naming)}
                </option>
              ))}
            </select>
          ))}
        </div>
      </div>
    </section>
  );
}
