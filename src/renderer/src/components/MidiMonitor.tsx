import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import { currentClient } from '../actions/dispatcher';
import { FilterMenu } from './FilterMenu';
import {
  followMonitor,
  midiActions,
  NO_PORTS,
  typeGroups,
  typeNames,
  useMidiStore,
  visibleEntries,
} from '../stores/midi';

const ROW_HEIGHT = 24;

function MonitorToolbar({ shown }: { shown: number }) {
  const filter = useMidiStore((s) => s.filter);
  const paused = useMidiStore((s) => s.frozen !== null);
  const hidden = useMidiStore((s) => s.hidden);
  const skipped = useMidiStore((s) => s.skipped);
  const showClock = useMidiStore((s) => s.settings.showClock);
  const ports = useMidiStore((s) => s.state?.inputs ?? NO_PORTS);
  return (
    <div className="toolbar" role="toolbar" aria-label="Monitor controls">
      <FilterMenu
        label="Message types"
        all="All types"
        options={Object.entries(typeGroups).map(([value, g]) => ({ value, label: g.label }))}
        chosen={filter.groups}
        onChange={(groups) => midiActions.setFilter({ groups })}
      />
      <FilterMenu
        label="Channels"
        all="All channels"
        options={Array.from({ length: 16 }, (_, i) => ({ value: i + 1, label: `Ch ${i + 1}` }))}
        chosen={filter.channels}
        onChange={(channels) => midiActions.setFilter({ channels })}
      />
      <FilterMenu
        label="Ports"
        all="All ports"
        options={ports.map((p) => ({ value: p.name, label: p.name }))}
        chosen={filter.ports}
        onChange={(ports) => midiActions.setFilter({ ports })}
      />
      <label className="check">
        <input
          type="checkbox"
          checked={showClock}
          onChange={(e) => void midiActions.configure({ showClock: e.target.checked })}
        />
        Show clock &amp; active sensing
      </label>
      <button onClick={midiActions.togglePause} aria-pressed={paused}>
        {paused ? 'Resume' : 'Pause'}
      </button>
      <button onClick={() => void midiActions.clear()}>Clear</button>
      <button onClick={() => void midiActions.exportLog('text')}>Export text</button>
      <button onClick={() => void midiActions.exportLog('csv')}>Export CSV</button>
      <span className="muted count" aria-label="Monitor count">
        {shown} shown · clock {hidden.clock} · active sensing {hidden.activeSensing} hidden
        {skipped > 0 && ` · monitor skipped ${skipped} messages (the window fell behind)`}
      </span>
    </div>
  );
}

/** The live MIDI monitor: a virtualised log that keeps up with thousands of messages a second. */
export function MidiMonitor() {
  const entries = useMidiStore((s) => s.frozen ?? s.entries);
  const filter = useMidiStore((s) => s.filter);
  const rows = useMemo(() => visibleEntries(entries, filter), [entries, filter]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const follow = useRef(true);
  useEffect(() => {
    const following = followMonitor(currentClient());
    return () => void following.dispose();
  }, []);
  // We do not use the React Compiler, so its memoisation warning does not apply.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });

  // New messages scroll into view, unless the user scrolled up to read.
  useEffect(() => {
    if (follow.current && rows.length > 0)
      virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
  }, [rows.length, virtualizer]);

  return (
    <section className="monitor" aria-label="MIDI monitor">
      <MonitorToolbar shown={rows.length} />
      <div role="grid" aria-label="MIDI messages" aria-rowcount={rows.length + 1} className="grid">
        <div role="row" className="mrow header">
          {['Time (ms)', 'Wall clock', 'Port', 'Ch', 'Type', 'Data', 'Raw'].map((h) => (
            <div role="columnheader" key={h} className="cell">
              {h}
            </div>
          ))}
        </div>
        <div
          ref={scrollRef}
          className="grid-body"
          onScroll={(e) => {
            const el = e.currentTarget;
            follow.current = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT * 2;
          }}
        >
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const e = rows[item.index]!;
              return (
                <div
                  role="row"
                  key={e.seq}
                  data-type={e.type}
                  className={`mrow${e.type === 'error' ? ' row-error' : ''}`}
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  <div role="gridcell" className="cell num">
                    {e.t.toFixed(1)}
                  </div>
                  <div role="gridcell" className="cell">
                    {new Date(e.wall).toLocaleTimeString(undefined, { hour12: false })}.
                    {String(new Date(e.wall).getMilliseconds()).padStart(3, '0')}
                  </div>
                  <div role="gridcell" className="cell">
                    {e.port}
                  </div>
                  <div role="gridcell" className="cell num">
                    {e.channel ?? ''}
                  </div>
                  <div role="gridcell" className="cell">
                    {typeNames[e.type]}
                  </div>
                  <div role="gridcell" className="cell">
                    {e.summary}
                    {e.type === 'sysex' && (
                      <button className="link" onClick={() => void midiActions.exportSysex(e.seq)}>
                        .syx
                      </button>
                    )}
                  </div>
                  <div role="gridcell" className="cell mono">
                    {e.hex}
                  </div>
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </section>
  );
}
