// Handled in src/main/handlers/midi-handlers.ts.
import { z } from 'zod';
import type { MidiMessageType } from '../midi/midi-message';
import type { EpochMs, MonoMs } from '../unit-types';
import { noArgs, portId, request } from './request';
import type { SubsystemStatus } from './system';

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
  t: MonoMs;
  /** Wall clock. */
  wall: EpochMs;
  port: string;
  /** 1..16 for channel messages. */
  channel: number | null;
  /** The message's type, or 'error' for bytes that did not decode. */
  type: MidiMessageType | 'error';
  /** What the message says ("C4 (60) vel 100"), or why the bytes did not decode: made by the monitor. */
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

const midiBytes = z.array(z.number().int().min(0).max(255)).min(1).max(65536);

export const midiRequests = {
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
};

export interface MidiEvents {
  /** Ports appeared, vanished, opened or closed; thru routes or the clock source changed. */
  'midi:state': MidiState;
  /** Monitor messages since the last batch: about 30 batches a second at most. */
  'midi:messages': MonitorBatch;
}
