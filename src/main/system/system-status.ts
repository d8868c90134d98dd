import type { SubsystemStatus, SystemInfo } from '../../shared/contract';
import type { EventBus } from '../../shared/event-bus';

export type SystemIdentity = Pick<
  SystemInfo,
  'appName' | 'appVersion' | 'shell' | 'versions' | 'platform' | 'arch'
>;

const MAX_NOTICES = 20;

/** The live SystemInfo: every subsystem reports here, and each change is one event. */
export class SystemStatus {
  private info: SystemInfo;
  private nextNoticeId = 1;

  constructor(
    identity: SystemIdentity,
    private readonly bus: EventBus,
  ) {
    this.info = {
      ...identity,
      audio: { state: 'starting' },
      midi: { state: 'starting' },
      library: { folders: 0, files: 0 },
      notices: [],
    };
  }

  get(): SystemInfo {
    return this.info;
  }

  setAudio(audio: SubsystemStatus): void {
    this.update({ audio });
  }

  setMidi(midi: SubsystemStatus): void {
    this.update({ midi });
  }

  /** The library's counts; an event only when they changed (the library reports often). */
  setLibrary(library: SystemInfo['library']): void {
    const now = this.info.library;
    if (now.folders === library.folders && now.files === library.files) return;
    this.update({ library });
  }

  /** A notice stays until the user dismisses it: a window that opens later still sees it. */
  notice(message: string, at = Date.now()): void {
    const recent = this.info.notices.slice(-(MAX_NOTICES - 1));
    this.update({ notices: [...recent, { id: this.nextNoticeId++, at, message }] });
  }

  dismiss(id: number): SystemInfo {
    this.update({ notices: this.info.notices.filter((n) => n.id !== id) });
    return this.info;
  }

  private update(change: Partial<SystemInfo>): void {
    this.info = { ...this.info, ...change };
    this.bus.emit('system:status', this.info);
  }
}
