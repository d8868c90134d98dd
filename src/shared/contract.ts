/**
 * The one contract between the window and the core: every request channel (a zod schema for
 * its arguments, the TypeScript type of its result) and every event (its payload type).
 * Hosts, the renderer client and the CLI all derive their types from this file; no other file
 * spells a channel name except through these types.
 */
import { z } from 'zod';
import { controlActions, type ControlAction, type Mapping } from './midi-learn';
import type { ClockHealthReport } from './midi/clock-health';

import { patternSchema, type Pattern } from './sequencer/pattern';
import { patternEditSchema } from './sequencer/pattern-edit';

export type { ControlAction, Mapping, Pattern };

export const errorCodes = [
  'UNKNOWN_CHANNEL',
  'INVALID_ARGS',
  'BAD_MESSAGE',
  'FORBIDDEN',
  'NOT_FOUND',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export interface IpcError {
  code: ErrorCode;
  message: string;
}

export type InvokeResult<R> = { ok: true; result: R } | { ok: false; error: IpcError };

export type SubsystemStatus =
  | { state: 'starting' }
  | { state: 'available'; detail: string }
  | { state: 'unavailable'; reason: string };

export type ShellKind = 'electron' | 'web' | 'cli';

export interface SystemInfo {
  appName: string;
  appVersion: string;
  shell: ShellKind;
  versions: { node: string; v8: string; electron?: string; chrome?: string };
  platform: string;
  arch: string;
  audio: SubsystemStatus;
  midi: SubsystemStatus;
  library: { folders: number; files: number };
  /** What the user must know and has not dismissed: recovered data, saves that failed. */
  notices: AppNotice[];
}

export interface AppNotice {
  id: number;
  /** Epoch ms. */
  at: number;
  message: string;
}

/** Declares a request: `request<Result>()(argsSchema)`. */
function request<Result>() {
  return <Args extends z.ZodType>(args: Args) => ({ args, result: undefined as unknown as Result });
}

// ---------------------------------------------------------------------------------------------
// Library

export type FileStatus = 'ok' | 'unsupported' | 'error';

/** What a file's header says beyond the format: BWF, LIST/INFO, smpl, acid (AIFF: NAME/AUTH/ANNO). */
export interface FileMeta {
  title?: string;
  artist?: string;
  comment?: string;
  description?: string;
  originator?: string;
  originationDate?: string;
  rootNote?: number;
  loops?: { start: number; end: number }[];
  beats?: number;
}

/** One audio file as the library knows it. Header fields are null unless status is 'ok'. */
export interface LibraryFile {
  id: number;
  path: string;
  name: string;
  /** The directory holding the file. */
  dir: string;
  /** The library folder (as the user added it) the file was found under. */
  root: string;
  sizeBytes: number;
  mtimeMs: number;
  /** WAV, RF64, RIFX, AIFF, AIFF-C; for files not read: the extension in capitals (FLAC, MP3 ...). */
  format: string;
  status: FileStatus;
  /** Why the file could not be read (status 'error'), or 'not supported yet' ('unsupported'). */
  error: string | null;
  codec: string | null;
  sampleRate: number | null;
  channels: number | null;
  bitsPerSample: number | null;
  frames: number | null;
  durationSec: number | null;
  /** Whether the player can decode it (PCM, float, A-law, µ-law). */
  playable: boolean;
  tempo: number | null;
  tempoSource: 'acid' | 'filename' | null;
  meta: FileMeta;
}

export interface LibraryFolder {
  path: string;
  files: number;
  errors: number;
  /** Whether changes on disk are being watched. */
  watching: boolean;
}

export interface ScanProgress {
  active: boolean;
  /** Audio files found so far by the walk, and how many of them have been read. */
  found: number;
  read: number;
  errors: number;
  currentDir: string | null;
  /** ms since the scan started (or how long the last one took). */
  elapsedMs: number;
  cancelled: boolean;
}

export interface ScanProblem {
  path: string;
  reason: string;
}

export interface FolderNode {
  path: string;
  name: string;
  /** Audio files in this folder and below it. */
  files: number;
  children: FolderNode[];
}

export const sortKeys = [
  'name',
  'durationSec',
  'format',
  'sampleRate',
  'bitsPerSample',
  'channels',
  'sizeBytes',
  'tempo',
  'dir',
] as const;
export type SortKey = (typeof sortKeys)[number];

const absolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), { message: 'must not contain a NUL byte' })
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), {
    message: 'must be an absolute path',
  });

export const libraryQuery = z.strictObject({
  search: z.string().max(500).default(''),
  folder: absolutePath.nullable().default(null),
  formats: z.array(z.string().max(20)).max(50).default([]),
  sampleRates: z.array(z.number().int().positive()).max(50).default([]),
  channels: z.array(z.number().int().positive()).max(64).default([]),
  /** Only files whose tempo matches this one, or half or double it (within 2 %). */
  tempoMatch: z.number().positive().max(1000).nullable().default(null),
  sort: z.enum(sortKeys).default('name'),

  descending: z.boolean().default(false),
});
export type LibraryQuery = z.output<typeof libraryQuery>;
export type LibraryQueryInput = z.input<typeof libraryQuery>;

export interface LibraryPage {
  /** Changes whenever the library changes; pages of different versions must not be mixed. */
  version: number;
  total: number;
  offset: number;
  rows: LibraryFile[];
}

export interface Facet<T> {
  value: T;
  count: number;
}

export interface LibraryFacets {
  formats: Facet<string>[];
  sampleRates: Facet<number>[];
  channels: Facet<number>[];
}

export interface LibraryState {
  version: number;
  total: number;
  errors: number;
  folders: LibraryFolder[];
  scan: ScanProgress;
}

// ---------------------------------------------------------------------------------------------
// Playback

export type PlayState = 'stopped' | 'loading' | 'playing' | 'paused';

export interface PlayerState {
  state: PlayState;
  /** Increases with every play request; progress events carry it, so stale ones are dropped. */
  playId: number;
  file: {
    id: number;
    name: string;
    path: string;
    durationSec: number;
    sampleRate: number;
    channels: number;
  } | null;
  positionSec: number;
  loop: boolean;
  volumeDb: number;
  /** Arrow keys play each file as the selection reaches it (the window acts on it; main keeps it). */
  autoPlay: boolean;
  /** Why playback stopped, when it was not the user's doing (unreadable file, device lost ...). */
  error: string | null;
}

export interface PlayerProgress {
  playId: number;
  positionSec: number;
}

export interface WaveformPeaks {
  id: number;
  buckets: number;
  /** 2 × buckets values, [min, max] per bucket, each from -127 to 127. */
  peaks: number[];
}

export const VOLUME_DB_RANGE = { min: -60, max: 6 } as const;

// ---------------------------------------------------------------------------------------------
// MIDI

export type MidiPortKind = 'internal' | 'hardware' | 'virtual';

export interface MidiPort {
  /** Stable across hot-plug: `${kind}:${name}`. */
  id: string;
  name: string;
  kind: MidiPortKind;
  connected: boolean;
  /** Inputs only: whether its messages reach the monitor, thru and the clock follower. */
  open: boolean;
}

export interface ThruRoute {
  id: number;
  from: string;
  to: string;
  /** Only this channel's messages (1-16), or all. */
  channel: number | null;
}

export interface MidiState {
  hardware: SubsystemStatus;
  inputs: MidiPort[];
  outputs: MidiPort[];
  /** The input the clock follower listens to; null follows the first that sends clock. */
  clockSource: string | null;
  thru: ThruRoute[];
}

export interface MonitorEntry {
  seq: number;
  /** ms since the monitor started, from the driver's time stamps. */
  t: number;
  /** Wall clock, epoch ms. */
  wall: number;
  port: string;
  channel: number | null;
  /** A MIDI message type, or 'error' for bytes that did not decode. */
  type: string;
  summary: string;
  /** The first bytes in hex ("…" after a long SysEx); all of them: `monitor:export-sysex`. */
  hex: string;
  /** The message's length in bytes. */
  length: number;
}

export interface MonitorBatch {
  entries: MonitorEntry[];
  /** Hidden messages (clock, active sensing) counted since the last batch. */
  hidden: { clock: number; activeSensing: number };
}

export interface MonitorSettings {
  capacity: number;
  showClock: boolean;
}

export type TransportState = 'stopped' | 'playing' | 'paused';

export interface ClockInfo {
  source: string | null;
  transport: TransportState;
  bpm: number | null;
  position: { bar: number; beat: number; tick: number };
  /** Quarter notes since start: the beat indicator flashes when it changes. */
  beat: number;
  noClock: boolean;
  /** e.g. two inputs sending clock at once. */
  warning: string | null;
  generator: {
    running: boolean;
    bpm: number;
    outputs: string[];
    /** How the clock thread is scheduled, e.g. "real-time (SCHED_FIFO 20)"; null before start. */
    thread: string | null;
  };
}

export const BPM_RANGE = { min: 20, max: 300 } as const;

export interface SequencerState {
  /** Whether it plays along with the followed clock's transport. */
  enabled: boolean;
  playing: boolean;
  /** The step (0-15) last played, null when stopped. */
  step: number | null;
  patterns: Pattern[];
  current: number;
  /** The pattern that takes over at the next bar line. */
  queued: number | null;
  /** Where its notes go (port ids); "Sampledeck Sequencer" always. */
  outputs: string[];
}

export interface LearnState {
  mappings: Mapping[];
  /** The action waiting for a control to be moved, if any. */
  learning: ControlAction | null;
}

export interface SamplerState {
  input: string | null;
  /** Notes that play a given library file, by note number. */
  notes: { note: number; id: number; name: string }[];
}

/** A mapped control fired: the window performs what it owns (the selection, auto-play). */

export interface ControlFired {
  /** A mapped action, or a sampler hit (play the selected file; value = velocity / 127). */
  action: ControlAction | 'sampler';
  value: number;
}

const portId = z.string().min(1).max(300);
const fileIdOrNull = z.number().int().positive().nullable();
const sequencerConfig = z.strictObject({
  enabled: z.boolean().optional(),
  patterns: z.array(patternSchema).min(1).max(16).optional(),
  queue: z.number().int().min(0).max(15).optional(),
  outputs: z.array(portId).max(16).optional(),
});
const midiBytes = z.array(z.number().int().min(0).max(255)).min(1).max(65536);

// ---------------------------------------------------------------------------------------------

const noArgs = z.strictObject({});
const fileId = z.number().int().positive();

export const requests = {
  'system:info': request<SystemInfo>()(noArgs),
  'system:dismiss-notice': request<SystemInfo>()(
    z.strictObject({ id: z.number().int().nonnegative() }),
  ),

  /** Adds folders (or single files) to the library and scans them. */
  'library:add': request<{ added: string[]; problems: ScanProblem[] }>()(
    z.strictObject({ paths: z.array(absolutePath).min(1).max(100) }),
  ),
  'library:remove': request<LibraryState>()(z.strictObject({ path: absolutePath })),
  /** Reads every file again (all folders, or one), ignoring what the cache says. */
  'library:rescan': request<LibraryState>()(z.strictObject({ path: absolutePath.optional() })),
  'library:cancel-scan': request<LibraryState>()(noArgs),
  'library:state': request<LibraryState>()(noArgs),
  'library:query': request<LibraryPage>()(
    z.strictObject({
      query: libraryQuery,
      offset: z.number().int().nonnegative(),
      limit: z.number().int().min(1).max(2000),
    }),
  ),
  /** Where a file sits in a query's result (to keep a selection in view), or -1. */
  'library:position': request<{ version: number; index: number }>()(
    z.strictObject({ query: libraryQuery, id: z.number().int().nonnegative() }),
  ),
  'library:facets': request<LibraryFacets>()(noArgs),
  'library:tree': request<FolderNode[]>()(noArgs),
  /** Files that could not be read and folders that could not be walked, with their reasons. */
  'library:problems': request<{ total: number; problems: ScanProblem[] }>()(
    z.strictObject({ limit: z.number().int().min(1).max(10000).default(1000) }),
  ),
  /** Plays a library file at once (from startSec), replacing whatever plays. */
  'player:play': request<PlayerState>()(
    z.strictObject({
      id: fileId,
      startSec: z.number().nonnegative().finite().default(0),
      /** Start on the next bar line of the followed clock (it must be playing). */
      onNextBar: z.boolean().default(false),
      /** A sampler hit: its velocity (1-127) sets the level, below the volume. */
      velocity: z.number().int().min(1).max(127).optional(),
    }),
  ),

  /** Pauses what plays, or resumes what is paused. */
  'player:toggle': request<PlayerState>()(noArgs),
  'player:stop': request<PlayerState>()(noArgs),
  'player:seek': request<PlayerState>()(
    z.strictObject({ seconds: z.number().nonnegative().finite() }),
  ),
  'player:set-loop': request<PlayerState>()(z.strictObject({ loop: z.boolean() })),
  'player:set-volume': request<PlayerState>()(
    z.strictObject({ db: z.number().min(VOLUME_DB_RANGE.min).max(VOLUME_DB_RANGE.max) }),
  ),
  'player:set-auto-play': request<PlayerState>()(z.strictObject({ autoPlay: z.boolean() })),
  'player:state': request<PlayerState>()(noArgs),
  /** A file's waveform overview, computed in the background and cached. */
  'peaks:get': request<WaveformPeaks>()(
    z.strictObject({ id: fileId, buckets: z.number().int().min(8).max(4000) }),
  ),

  'midi:state': request<MidiState>()(noArgs),
  'midi:set-input-open': request<MidiState>()(z.strictObject({ id: portId, open: z.boolean() })),
  'midi:set-clock-source': request<MidiState>()(z.strictObject({ id: portId.nullable() })),
  /** Sends raw bytes to an output (one or more complete messages). */
  'midi:send': request<null>()(z.strictObject({ port: portId, bytes: midiBytes })),
  'midi:thru-add': request<MidiState>()(
    z.strictObject({
      from: portId,
      to: portId,
      channel: z.number().int().min(1).max(16).nullable(),
    }),
  ),
  'midi:thru-remove': request<MidiState>()(z.strictObject({ id: z.number().int().positive() })),
  /** A port other programs can send to (ALSA and macOS only). */
  'midi:create-virtual-input': request<MidiState>()(
    z.strictObject({ name: z.string().min(1).max(100) }),
  ),
  'monitor:configure': request<MonitorSettings>()(
    z.strictObject({
      capacity: z.number().int().min(100).max(1_000_000).optional(),
      showClock: z.boolean().optional(),
    }),
  ),
  /** The newest entries (a window that opens late, or reconnects, starts from these). */
  'monitor:snapshot': request<{ entries: MonitorEntry[]; settings: MonitorSettings }>()(
    z.strictObject({ limit: z.number().int().min(1).max(1_000_000) }),
  ),
  'monitor:clear': request<null>()(noArgs),
  /**
   * One page (about 1 MB) of the log as text or CSV, from message `from` (absent: the start,
   * with the CSV header); `next` is the `from` of the next page, null after the last.
   */
  'monitor:export': request<{ text: string; next: number | null }>()(
    z.strictObject({
      format: z.enum(['text', 'csv']),
      from: z.number().int().nonnegative().optional(),
    }),
  ),
  'monitor:export-sysex': request<{ name: string; bytes: number[] }>()(
    z.strictObject({ seq: z.number().int().nonnegative() }),
  ),
  'clock:state': request<ClockInfo>()(noArgs),
  /** Interval jitter, drift and dropped or doubled pulses of a clock input (null: the followed). */
  'clock:health': request<ClockHealthReport & { port: string | null }>()(
    z.strictObject({ port: portId.nullable() }),
  ),
  /** Starts a clock input's health statistics again (null: the followed); its new report. */
  'clock:health-reset': request<ClockHealthReport & { port: string | null }>()(
    z.strictObject({ port: portId.nullable() }),
  ),
  /** Sampledeck as clock master: START (from bar 1), STOP, or CONTINUE (from where it stopped). */
  'clock:transport': request<ClockInfo>()(
    z.strictObject({ action: z.enum(['start', 'stop', 'continue']) }),
  ),
  /**
   * Tempo (takes effect on the next pulse), the outputs the clock goes to besides "Sampledeck
   * Clock", and a song position (in sixteenths) to send while stopped.
   */
  'clock:configure': request<ClockInfo>()(
    z.strictObject({
      bpm: z
        .number()
        .min(BPM_RANGE.min)
        .max(BPM_RANGE.max)
        .transform((v) => Math.round(v * 10) / 10)
        .optional(),
      outputs: z.array(portId).max(32).optional(),
      songPosition: z.number().int().min(0).max(16383).optional(),
    }),
  ),

  'sequencer:state': request<SequencerState>()(noArgs),
  /** Patterns (edits apply from the next step), the pattern to switch to at the next bar, outputs. */
  'sequencer:configure': request<SequencerState>()(sequencerConfig),
  /** One edit of the patterns, applied after the ones sent before it (from the next step). */
  'sequencer:edit': request<SequencerState>()(patternEditSchema),
  /**
   * Sampler mode: note-ons from `input` play the selected file (null: off), or the file a note
   * is mapped to. `map` maps a note to a library file (id null: unmapped); kept in the settings.
   */
  'sampler:state': request<SamplerState>()(noArgs),
  'sampler:configure': request<SamplerState>()(
    z.strictObject({
      input: portId.nullable().optional(),
      map: z.strictObject({ note: z.number().int().min(0).max(127), id: fileIdOrNull }).optional(),
    }),
  ),
  'learn:state': request<LearnState>()(noArgs),

  /** Arms MIDI learn: the next control moved or pad hit is mapped to `action`. */
  'learn:start': request<LearnState>()(z.strictObject({ action: z.enum(controlActions) })),
  'learn:cancel': request<LearnState>()(noArgs),
  'learn:remove': request<LearnState>()(z.strictObject({ id: z.number().int().nonnegative() })),

  /** Native folder picker (Electron only; the web shell answers UNAVAILABLE). */
  'dialog:pick-folders': request<string[]>()(noArgs),
};

/** What a web client missed while it was not reading; sent to it once it catches up. */
export interface SkippedEvents {
  /** Monitor messages (in `monitorBatches` batches) it never got. */
  monitorMessages: number;
  monitorBatches: number;
  /** `control:fired` events dropped. */
  controls: number;
  /** State events replaced by a newer one before it could be sent. */
  coalesced: number;
}

export interface Events {
  /** Sent whenever any part of SystemInfo changes (a subsystem finished starting, failed ...). */
  'system:status': SystemInfo;
  /** The library changed (coalesced: a few times a second at most during a scan). */
  'library:changed': LibraryState;
  /** The player changed state (play, pause, end, error, loop, volume). */
  'player:state': PlayerState;
  /** Where playback is, about 30 times a second while playing. */
  'player:progress': PlayerProgress;
  /** Ports appeared, vanished, opened or closed; thru routes or the clock source changed. */
  'midi:state': MidiState;
  /** Monitor messages since the last batch: about 30 batches a second at most. */
  'midi:messages': MonitorBatch;
  /** The followed clock: on every transport change, and about 10 times a second with a clock. */
  'clock:state': ClockInfo;
  /** The sequencer's step moved, or its patterns, outputs or state changed. */
  'sequencer:state': SequencerState;
  'learn:state': LearnState;
  'sampler:state': SamplerState;
  'control:fired': ControlFired;
  /** Web shell only: this client fell behind and missed these. */
  'client:skipped': SkippedEvents;
}

export type Requests = typeof requests;
export type RequestChannel = keyof Requests;
export type ArgsOf<C extends RequestChannel> = z.input<Requests[C]['args']>;
export type ParsedArgsOf<C extends RequestChannel> = z.output<Requests[C]['args']>;
export type ResultOf<C extends RequestChannel> = Requests[C]['result'];
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = Events[E];
export type EventListener = <E extends EventName>(name: E, payload: Events[E]) => void;

/** What the preload exposes as `window.bridge`: untyped on purpose, the client adds the types. */
export interface Bridge {
  invoke(channel: string, args: unknown): Promise<InvokeResult<unknown>>;
  subscribe(listener: (name: string, payload: unknown) => void): () => void;
  /** The events the window has listeners for: main sends it no others. */
  setEvents(names: string[]): void;
  /** Electron only: the path of a dropped file (a DOM File; typed loosely, shared has no DOM). */
  pathForFile?(file: object): string;
}

/** Frames on the web shell's WebSocket. */
export const wsClientFrame = z.strictObject({
  id: z.number().int().nonnegative(),
  channel: z.string().max(200),
  args: z.unknown(),
});
export type WsClientFrame = z.infer<typeof wsClientFrame>;
/** The events a client wants from now on (every event until it first says). */
export const subscribeFrame = z.strictObject({
  kind: z.literal('subscribe'),
  events: z.array(z.string().max(64)).max(64),
});
export type SubscribeFrame = z.infer<typeof subscribeFrame>;
export type WsServerFrame =
  | ({ kind: 'result'; id: number | null } & InvokeResult<unknown>)
  | { kind: 'event'; name: EventName; payload: unknown };
