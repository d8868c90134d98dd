// Handled in src/main/handlers/system-handlers.ts.
import { z } from 'zod';
import type { AppCommand } from '../app-commands';
import { noArgs, request } from './request';

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

export const systemRequests = {
  'system:info': request<SystemInfo>()(noArgs),
  'system:dismiss-notice': request<SystemInfo>()(
    z.strictObject({ id: z.number().int().nonnegative() }),
  ),
  /** Native folder picker (Electron only; the web shell answers UNAVAILABLE). */
  'dialog:pick-folders': request<string[]>()(noArgs),
};

export interface SystemEvents {
  /** Sent whenever any part of SystemInfo changes (a subsystem finished starting, failed ...). */
  'system:status': SystemInfo;
  /** A command chosen in the application menu (Electron only; sent by main, not the core). */
  'app:command': { command: AppCommand };
}
