import { create } from 'zustand';
import type {
  ClockInfo,
  MidiPort,
  MidiState,
  MonitorEntry,
  MonitorSettings,
} from '../../../shared/contract';
import { toDisposable, type Disposable } from '../../../shared/lifecycle';
import { perform } from '../actions/dispatcher';
import type { Client } from '../ipc/client';
import { onConnected } from './on-connected';
import { useSettingsStore } from './settings';

/** A selector's fallback must be one object, or the store sees a change on every read. */
export const NO_PORTS: MidiPort[] = [];

/** The window keeps at most this many monitor rows, whatever the core's ring holds. */
const VIEW_LIMIT = 20_000;

export const typeGroups: Record<string, { label: string; types: string[] }> = {
  notes: { label: 'Notes', types: ['note-on', 'note-off'] },
  cc: { label: 'Control change', types: ['control-change'] },
  program: { label: 'Program change', types: ['program-change'] },
  bend: { label: 'Pitch bend', types: ['pitch-bend'] },
  pressure: { label: 'Pressure', types: ['poly-pressure', 'channel-pressure'] },
  sysex: { label: 'SysEx', types: ['sysex'] },
  system: {
    label: 'System common',
    types: ['mtc-quarter-frame', 'song-position', 'song-select', 'tune-request'],
  },
  realtime: {
    label: 'Realtime',
    types: ['clock', 'start', 'continue', 'stop', 'active-sensing', 'reset'],
  },
  errors: { label: 'Errors', types: ['error'] },
};

/** The monitor's Type column: what a musician calls each message. */
export const typeNames: Record<MonitorEntry['type'], string> = {
  'note-on': 'Note On',
  'note-off': 'Note Off',
  'control-change': 'Control Change',
  'program-change': 'Program Change',
  'pitch-bend': 'Pitch Bend',
  'poly-pressure': 'Poly Pressure',
  'channel-pressure': 'Channel Pressure',
  sysex: 'SysEx',
  'mtc-quarter-frame': 'MTC Quarter Frame',
  'song-position': 'Song Position',
  'song-select': 'Song Select',
  'tune-request': 'Tune Request',
  clock: 'Clock',
  start: 'Start',
  continue: 'Continue',
  stop: 'Stop',
  'active-sensing': 'Active Sensing',
  reset: 'Reset',
  error: 'Error',
};

/** What the monitor shows: each list empty means all; several of each at once. */
export interface MonitorFilter {
  groups: string[];
  channels: number[];
  ports: string[];
}

interface MidiStore {
  state: MidiState | null;
  clock: ClockInfo | null;
  entries: MonitorEntry[];
  /** While paused the view shows this; new messages still arrive into `entries`. */
  frozen: MonitorEntry[] | null;
  hidden: { clock: number; activeSensing: number };
  /** Messages main did not send while this window was not reading (the web shell only). */
  skipped: number;
  settings: MonitorSettings;
  filter: MonitorFilter;
}

export const useMidiStore = create<MidiStore>(() => ({
  state: null,
  clock: null,
  entries: [],
  frozen: null,
  hidden: { clock: 0, activeSensing: 0 },
  skipped: 0,
  settings: { capacity: 10_000, showClock: false },
  filter: { groups: [], channels: [], ports: [] },
}));

function download(name: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A port (or route) the window showed is gone: the ports are read again, with no notice. */
const portsGone = { refresh: () => void reloadMidi() };

export const midiActions = {
  setInputOpen: (id: string, open: boolean) =>
    perform(
      async (a) =>
        useMidiStore.setState({ state: await a.invoke('midi:set-input-open', { id, open }) }),
      portsGone,
    ),
  setClockSource: (id: string | null) =>
    perform(
      async (a) =>
        useMidiStore.setState({ state: await a.invoke('midi:set-clock-source', { id }) }),
      portsGone,
    ),
  addThru: (from: string, to: string, channel: number | null) =>
    perform(
      async (a) =>
        useMidiStore.setState({ state: await a.invoke('midi:thru-add', { from, to, channel }) }),
      portsGone,
    ),
  removeThru: (id: number) =>
    perform(
      async (a) => useMidiStore.setState({ state: await a.invoke('midi:thru-remove', { id }) }),
      portsGone,
    ),
  createVirtualInput: (name: string) =>
    perform(async (a) =>
      useMidiStore.setState({ state: await a.invoke('midi:create-virtual-input', { name }) }),
    ),
  transport: (action: 'start' | 'stop' | 'continue') =>
    perform(async (a) =>
      useMidiStore.setState({ clock: await a.invoke('clock:transport', { action }) }),
    ),
  configureClock: (change: { bpm?: number; outputs?: string[]; songPosition?: number }) =>
    perform(
      async (a) => useMidiStore.setState({ clock: await a.invoke('clock:configure', change) }),
      portsGone,
    ),

  configure: (change: Partial<MonitorSettings>) =>
    perform(async (a) =>
      useMidiStore.setState({ settings: await a.invoke('monitor:configure', change) }),
    ),
  setFilter: (change: Partial<MonitorFilter>) =>
    useMidiStore.setState((s) => ({ filter: { ...s.filter, ...change } })),
  togglePause: () => useMidiStore.setState((s) => ({ frozen: s.frozen ? null : s.entries })),
  clear: () =>
    perform(async (a) => {
      await a.invoke('monitor:clear', {});
      useMidiStore.setState((s) => ({ entries: [], frozen: s.frozen ? [] : null }));
    }),
  exportLog: (format: 'text' | 'csv') =>
    perform(async (a) => {
      // Page by page: main never builds (or sends) the whole log in one piece. The log as it
      // was when asked: messages still arriving do not keep the export going.
      const { entries: newest } = await a.invoke('monitor:snapshot', { limit: 1 });
      const end = newest.at(-1)?.seq ?? -1;
      const pages: string[] = [];
      let from: number | undefined;
      for (;;) {
        const page: { text: string; next: number | null } = await a.invoke('monitor:export', {
          format,
          from,
        });
        pages.push(page.text);
        if (page.next === null || page.next > end || (from !== undefined && page.next <= from)) {
          break;
        }
        from = page.next;
      }
      download(
        `midi-monitor.${format === 'csv' ? 'csv' : 'txt'}`,
        new Blob(pages),
        format === 'csv' ? 'text/csv' : 'text/plain',
      );
    }),
  exportSysex: (seq: number) =>
    perform(async (a) => {
      const { name, bytes } = await a.invoke('monitor:export-sysex', { seq });
      download(name, new Uint8Array(bytes), 'application/octet-stream');
    }),
};

export function visibleEntries(entries: MonitorEntry[], filter: MonitorFilter): MonitorEntry[] {
  const types = filter.groups.length
    ? new Set(filter.groups.flatMap((g) => typeGroups[g]?.types ?? []))
    : null;
  const channels = filter.channels.length ? new Set(filter.channels) : null;
  const ports = filter.ports.length ? new Set(filter.ports) : null;
  if (!types && !channels && !ports) return entries;
  return entries.filter(
    (e) =>
      (!types || types.has(e.type)) &&
      (!channels || (e.channel !== null && channels.has(e.channel))) &&
      (!ports || ports.has(e.port)),
  );
}

/** Feeds the MIDI store from the core's events, outside React. */
export function connectMidiStore(client: Client): Disposable {
  const offState = client.on('midi:state', (state) => useMidiStore.setState({ state }));
  const offClock = client.on('clock:state', (clock) => useMidiStore.setState({ clock }));
  const offConnected = onConnected(() => void reloadMidi());
  return toDisposable(() => {
    offState();
    offClock();
    offConnected();
  });
}

/** Reads the ports, the clock and the monitor's settings afresh. */
function reloadMidi() {
  return perform(async (a) => {
    const [state, clock, { settings }] = await Promise.all([
      a.invoke('midi:state', {}),
      a.invoke('clock:state', {}),
      a.invoke('monitor:snapshot', { limit: 1 }),
    ]);
    useMidiStore.setState({ state, clock, settings });
  });
}

/**
 * Feeds the monitor's rows while the monitor is shown (main sends no batches to a window
 * without a listener): its snapshot first, then every batch. Returns the way to stop.
 */
export function followMonitor(client: Client): Disposable {
  const offBatches = client.on('midi:messages', (batch) =>
    useMidiStore.setState((s) => {
      const limit = Math.min(VIEW_LIMIT, s.settings.capacity);
      const joined = batch.entries.length ? s.entries.concat(batch.entries) : s.entries;
      return {
        entries: joined.length > limit ? joined.slice(joined.length - limit) : joined,
        hidden: {
          clock: s.hidden.clock + batch.hidden.clock,
          activeSensing: s.hidden.activeSensing + batch.hidden.activeSensing,
        },
      };
    }),
  );
  const offSkipped = client.on('client:skipped', ({ monitorMessages }) =>
    useMidiStore.setState((s) => ({ skipped: s.skipped + monitorMessages })),
  );
  const loadSnapshot = () =>
    perform(async (a) => {
      const snapshot = await a.invoke('monitor:snapshot', { limit: VIEW_LIMIT });
      // Batches that arrived while the snapshot was on its way are in it already.
      const last = snapshot.entries.at(-1)?.seq ?? -1;
      useMidiStore.setState((s) => ({
        settings: snapshot.settings,
        entries: snapshot.entries.concat(s.entries.filter((e) => e.seq > last)),
      }));
    });
  const offConnected = onConnected(() => void loadSnapshot());
  // Main names notes the new way from this event on: the rows shown are read again.
  let naming = useSettingsStore.getState().preferences.noteNaming;
  const offNaming = client.on('settings:changed', ({ noteNaming }) => {
    if (noteNaming === naming) return;
    naming = noteNaming;
    void loadSnapshot();
  });
  return toDisposable(() => {
    offBatches();
    offSkipped();
    offConnected();
    offNaming();
  });
}
