import type { SubsystemStatus, SystemInfo } from '../../shared/contract';
import type { EventBus } from '../../shared/event-bus';

export type SystemIdentity = Pick<
  SystemInfo,
  'appName' | 'appVersion' | 'shell' | 'versions' | 'platform' | 'arch'
>;

/** The live SystemInfo: every subsystem reports here, and each change is one event. */
export class SystemStatus {
  private info: SystemInfo;

  constructor(
    identity: SystemIdentity,
    private readonly bus: EventBus,
  ) {
    this.info = {
      ...identity,
      audio: { state: 'starting' },
      midi: { state: 'starting' },
      library: { folders: 0, files: 0 },
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

  setLibrary(library: SystemInfo['library']): void {
    this.update({ library });
  }

  private update(change: Partial<SystemInfo>): void {
    this.info = { ...this.info, ...change };
    this.bus.emit('system:status', this.info);
  }
}
