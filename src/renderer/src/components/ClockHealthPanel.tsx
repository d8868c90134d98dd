import { Dialog } from './Dialog';
import { useEffect, useState } from 'react';
import type { ResultOf } from '../../../shared/contract';
import { perform } from '../actions/dispatcher';
import { NO_PORTS, useMidiStore } from '../stores/midi';
import { PortSelect } from './PortSelect';

type Report = ResultOf<'clock:health'>;

const ms = (value: number | null, digits = 2) =>
  value === null ? '—' : `${value.toFixed(digits)} ms`;

/** Interval jitter histogram, drift and odd pulses of a clock input, refreshed twice a second. */
export function ClockHealthPanel({ onClose }: { onClose: () => void }) {
  const inputs = useMidiStore((s) => s.state?.inputs ?? NO_PORTS);
  const thread = useMidiStore((s) => s.clock?.generator.thread ?? null);
  const [port, setPort] = useState<string | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      perform((a) => a.invoke('clock:health', { port })).then((r) => live && r && setReport(r));
    void load();
    const timer = setInterval(load, 500);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [port]);
  const peak = Math.max(1, ...(report?.histogram.map((b) => b.count) ?? [1]));
  return (
    <Dialog label="Clock health" onClose={onClose}>
      <label>
        Input{' '}
        <PortSelect
          label="Clock input"
          none="the followed clock"
          ports={inputs}
          value={port}
          onChange={setPort}
        />
      </label>
      <button
        onClick={() =>
          void perform((a) => a.invoke('clock:health-reset', { port })).then(
            (r) => r && setReport(r),
          )
        }
      >
        Reset
      </button>
      <dl className="facts">
        <dt>Pulses</dt>
        <dd aria-label="Pulses">{report?.pulses ?? 0}</dd>
        <dt>Mean interval</dt>
        <dd>{ms(report?.meanIntervalMs ?? null, 3)}</dd>
        <dt>Jitter (std. dev.)</dt>
        <dd aria-label="Jitter">{ms(report?.jitterMs ?? null, 3)}</dd>
        <dt>Drift from the shown tempo</dt>
        <dd>{ms(report?.driftMs ?? null)}</dd>
        <dt>Dropped / doubled pulses</dt>
        <dd>
          {report?.dropped ?? 0} / {report?.bursts ?? 0}
        </dd>
        <dt>Sampledeck&apos;s clock thread</dt>
        <dd aria-label="Clock thread">{thread ?? 'not started'}</dd>
      </dl>
      {thread && !thread.startsWith('real-time') && (
        <p className="muted">
          For sub-millisecond timing on a busy machine, allow real-time scheduling: on Linux, an
          rtprio limit for your user (e.g. <code>@audio - rtprio 95</code> in
          /etc/security/limits.d/audio.conf, and membership of the audio group).
        </p>
      )}
      <div className="histogram" role="img" aria-label="Interval jitter histogram">
        {report?.histogram.map((b) => (
          <div key={b.centerMs} className="bar" title={`${b.centerMs} ms: ${b.count}`}>
            <div className="fill" style={{ height: `${(100 * b.count) / peak}%` }} />
            <span>{b.centerMs % 1 === 0 ? b.centerMs : ''}</span>
          </div>
        ))}
      </div>
    </Dialog>
  );
}
