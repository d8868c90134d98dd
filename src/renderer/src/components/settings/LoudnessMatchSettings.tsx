import { useId, useState } from 'react';
import { LOUDNESS_TARGET_RANGE, MATCH_CEILING_DBTP } from '../../../../shared/loudness-match';
import { settingsActions, useSettingsStore } from '../../stores/settings';

/**
 * Settings → Audio: play every file at the same loudness (by its analysis), with a true-peak
 * ceiling so no file is raised into clipping. Applies at once, to the file playing too.
 */
export function LoudnessMatchSettings() {
  const { matchLoudness, loudnessTarget } = useSettingsStore((s) => s.preferences);
  return (
    <fieldset className="settings-group">
      <legend>Loudness</legend>
      <label className="check">
        <input
          type="checkbox"
          checked={matchLoudness}
          onChange={(e) => void settingsActions.set({ matchLoudness: e.target.checked })}
        />
        Play every file at the same loudness
      </label>
      {/* Keyed by the target: a change from another window starts the field afresh. */}
      <TargetField key={loudnessTarget} target={loudnessTarget} />
      <p className="muted settings-help">
        Each file is raised or lowered to the target by its analysed loudness (short one-shots by
        their loudest 400 ms), never above {MATCH_CEILING_DBTP} dBTP and never by more than +24 dB.
        Files not analysed yet play as they are.
      </p>
    </fieldset>
  );
}

/** The target in LUFS, kept as typed until it is a number in range (then set on Enter or leaving). */
function TargetField({ target }: { target: number }) {
  const [typed, setTyped] = useState(String(target));
  const id = useId();
  const value = Number(typed);
  const valid =
    typed.trim() !== '' &&
    Number.isFinite(value) &&
    value >= LOUDNESS_TARGET_RANGE.min &&
    value <= LOUDNESS_TARGET_RANGE.max;
  const commit = () => {
    if (valid && value !== target) void settingsActions.set({ loudnessTarget: value });
  };
  return (
    <>
      <div className="settings-row">
        <label htmlFor={`${id}-target`}>Target (LUFS)</label>
        <input
          id={`${id}-target`}
          type="number"
          min={LOUDNESS_TARGET_RANGE.min}
          max={LOUDNESS_TARGET_RANGE.max}
          step={0.5}
          value={typed}
          aria-invalid={!valid}
          onChange={(e) => setTyped(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => e.key === 'Enter' && commit()}
        />
      </div>
      {!valid && (
        <p className="settings-warning" role="status">
          The target must be a number from {LOUDNESS_TARGET_RANGE.min} to{' '}
          {LOUDNESS_TARGET_RANGE.max} LUFS.
        </p>
      )}
    </>
  );
}
