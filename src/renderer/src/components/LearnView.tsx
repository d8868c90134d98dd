import { useState } from 'react';
import { noteName, type NoteNaming } from '../../../shared/note-name';
import { useNoteNaming } from '../stores/settings';
import { controlActions, type ControlAction, type MidiTrigger } from '../../../shared/midi-learn';
import { learnActions, useLearnStore } from '../stores/learn';
import { useLibraryStore } from '../stores/library';
import { NO_PORTS, useMidiStore } from '../stores/midi';
import { samplerActions, useSamplerStore } from '../stores/sampler';
import { PortSelect } from './PortSelect';

const actionLabels: Record<ControlAction, string> = {
  'next-file': 'Next file',
  'previous-file': 'Previous file',
  'play-selected': 'Play selected',
  stop: 'Stop',
  volume: 'Volume',
  'toggle-auto-play': 'Toggle auto-play',
  'transport-start-stop': 'Start/stop transport',
};

/** "CC 21 ch 1 on Port", "note C2 ch 10". */
function describeTrigger(t: MidiTrigger, naming: NoteNaming): string {
  const what = t.kind === 'cc' ? `CC ${t.number}` : `note ${noteName(t.number, naming)}`;
  return `${what} ch ${t.channel}${t.port ? ` on ${t.port}` : ''}`;
}

/** MIDI learn and the sampler: controls and notes that drive the app, in their own tab. */
export function LearnView() {
  const naming = useNoteNaming();
  const learn = useLearnStore((s) => s.learn);
  const sampler = useSamplerStore((s) => s.sampler);
  const selectedId = useLibraryStore((s) => s.selectedId);
  const [note, setNote] = useState(36);
  const inputs = useMidiStore((s) => s.state?.inputs ?? NO_PORTS);
  return (
    <section className="learn" aria-label="MIDI learn">
      <h3>MIDI learn</h3>
      {learn?.conflict && (
        <div className="notice" role="alert" aria-label="Control in use">
          {describeTrigger(learn.conflict.trigger, naming)} already does “
          {actionLabels[learn.conflict.takenFrom]}”. Use it for “
          {actionLabels[learn.conflict.action]}” instead?{' '}
          <button onClick={() => void learnActions.confirm()}>
            Use it for {actionLabels[learn.conflict.action]}
          </button>{' '}
          <button onClick={() => void learnActions.cancel()}>
            Keep {actionLabels[learn.conflict.takenFrom]}
          </button>
        </div>
      )}
      {learn?.learning && (
        <p className="notice" role="status">
          Move a control or hit a pad for “{actionLabels[learn.learning]}”…{' '}
          <button onClick={() => void learnActions.cancel()}>Cancel</button>
        </p>
      )}
      <div className="learn-actions">
        {controlActions.map((action) => (
          <button key={action} onClick={() => void learnActions.start(action)}>
            Learn {actionLabels[action]}
          </button>
        ))}
      </div>
      <label className="check">
        Sampler: notes from{' '}
        <PortSelect
          label="Sampler input"
          none="off"
          ports={inputs}
          value={sampler.input}
          onChange={(input) => void samplerActions.setInput(input)}
        />{' '}
        play the selected file (velocity sets the level)
      </label>
      <div className="sampler-map">
        <select
          aria-label="Sampler note"
          value={note}
          onChange={(e) => setNote(Number(e.target.value))}
        >
          {Array.from({ length: 128 }, (_, n) => (
            <option key={n} value={n}>
              {noteName(n, naming)}
            </option>
          ))}
        </select>
        <button
          disabled={selectedId === null}
          onClick={() => selectedId !== null && void samplerActions.mapNote(note, selectedId)}
        >
          Map to the selected file
        </button>
      </div>
      <ul aria-label="Sampler notes" className="ports">
        {sampler.notes.map((m) => (
          <li key={m.note}>
            {noteName(m.note, naming)} → {m.name}{' '}
            <button
              className="link"
              aria-label={`Unmap ${noteName(m.note, naming)}`}
              onClick={() => void samplerActions.mapNote(m.note, null)}
            >
              ✕
            </button>
          </li>
        ))}
      </ul>
      <ul aria-label="Mappings" className="ports">
        {learn?.mappings.map((m) => (
          <li key={m.id}>
            {actionLabels[m.action]} ← {describeTrigger(m.trigger, naming)}{' '}
            <button
              className="link"
              aria-label={`Remove mapping ${m.id}`}
              onClick={() => void learnActions.removeMapping(m.id)}
            >
              ✕
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
