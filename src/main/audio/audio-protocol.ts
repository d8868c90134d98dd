/** Messages between main and the audio process (never seen by the renderer). */
export type AudioProcessMessage =
  { type: 'ready'; device: string; speakerVersion: string } | { type: 'fatal'; message: string };

export type AudioCommand = { type: 'shutdown' };

/** The handle main holds on the audio process, the same under utilityProcess and fork(). */
export interface AudioChild {
  send(command: AudioCommand): void;
  onMessage(listener: (message: unknown) => void): void;
  onStderr(listener: (text: string) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(): void;
}

export type LaunchAudioProcess = () => AudioChild;

export function isAudioProcessMessage(value: unknown): value is AudioProcessMessage {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === 'ready' || type === 'fatal';
}
