/**
 * The one contract between the window and the core, merged from one file per feature: every
 * request channel (a zod schema for its arguments, the TypeScript type of its result) and every
 * event (its payload type). A channel `feature:...` is declared in `./<feature>.ts`, whose
 * first line names its handler file (src/main/handlers/<feature>-handlers.ts). Prefixes with
 * no file of their own: `peaks:` is in library, `monitor:` in midi, `sampler:` and `learn:` in
 * sequencer, `dialog:` in system; `settings:` holds only the app-level preferences. Error codes and the transports' frames: ./transport.ts.
 * Hosts, the renderer client, the core's client and the CLI all derive their types from here;
 * no other file spells a channel name except through these types.
 */
import type { z } from 'zod';
import { analysisRequests, type AnalysisEvents } from './analysis';
import { audioRequests, type AudioEvents } from './audio';
import { clockRequests, type ClockEvents } from './clock';
import { libraryRequests, type LibraryEvents } from './library';
import { marksRequests, type MarksEvents } from './marks';
import { midiRequests, type MidiEvents } from './midi';
import { playerRequests, type PlayerEvents } from './player';
import { sequencerRequests, type SequencerEvents } from './sequencer';
import { settingsRequests, type SettingsEvents } from './settings';
import { systemRequests, type SystemEvents } from './system';
import type { ServerFrame, TransportEvents } from './transport';

export * from './analysis';
export * from './audio';
export * from './clock';
export * from './library';
export * from './marks';
export * from './midi';
export * from './player';
export * from './sequencer';
export * from './settings';
export * from './system';
export * from './transport';

export const requests = {
  ...systemRequests,
  ...libraryRequests,
  ...marksRequests,
  ...playerRequests,
  ...midiRequests,
  ...clockRequests,
  ...sequencerRequests,
  ...settingsRequests,
  ...audioRequests,
  ...analysisRequests,
};

export interface Events
  extends
    SystemEvents,
    LibraryEvents,
    MarksEvents,
    PlayerEvents,
    MidiEvents,
    ClockEvents,
    SequencerEvents,
    SettingsEvents,
    AudioEvents,
    AnalysisEvents,
    TransportEvents {}

export type Requests = typeof requests;
export type RequestChannel = keyof Requests;
export type ArgsOf<C extends RequestChannel> = z.input<Requests[C]['args']>;
export type ParsedArgsOf<C extends RequestChannel> = z.output<Requests[C]['args']>;
export type ResultOf<C extends RequestChannel> = Requests[C]['result'];
export type EventName = keyof Events;
export type EventListener = <E extends EventName>(name: E, payload: Events[E]) => void;
export type WsServerFrame = ServerFrame<EventName>;
