/**
 * Entry of the audio process. `require('speaker')` aborts the whole process inside ALSA when
 * there is no usable device, so it is only ever loaded here, never in main.
 */
import { createRequire } from 'node:module';
import type { AudioCommand, AudioProcessMessage } from './audio-protocol';
import { raiseThreadPriority } from '../platform/thread-priority';
import type { Device, DeviceFormat } from './device-slot';
import { OutputEngine } from './output-engine';
import { preloadStreamDecoders } from './stream-decoders';

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

// Electron's utilityProcess gives the child `process.parentPort`; child_process.fork gives `send`.
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

function post(message: AudioProcessMessage): void {
  if (parentPort) parentPort.postMessage(message);
  else process.send?.(message);
}

function onCommand(listener: (command: AudioCommand) => void): void {
  if (parentPort) parentPort.on('message', (event) => listener(event.data as AudioCommand));
  else process.on('message', (message) => listener(message as AudioCommand));
}

/** speaker 0.5.5: `device` is typed nowhere but handed to mpg123's output module (ALSA on Linux). */
type SpeakerClass = new (options: {
  channels: number;
  sampleRate: number;
  bitDepth: number;
  signed: boolean;
  device?: string;
}) => Device & { _open(): unknown };

const load = createRequire(__filename);

function start(): void {
  // Ahead of other processes, as the clock thread is: on a busy machine the device otherwise
  // underruns (two busy cores cut 60-150 ms out of a lead-in, and positions lagged 100 ms). The
  // work is paced by the device's 60 ms lead, so it cannot take a core for itself. Threads the
  // process starts later (libuv's pool, which speaker writes on) inherit the priority.
  raiseThreadPriority();
  let Speaker: SpeakerClass;
  let speakerVersion = 'unknown';
  try {
    speakerVersion = (load('speaker/package.json') as { version: string }).version;
    Speaker = load('speaker') as SpeakerClass;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    post({
      type: 'fatal',
      message: reason.includes("Cannot find module 'speaker")
        ? 'the speaker module is not installed (npm could not build it: is libasound2-dev installed?)'
        : reason,
    });
    process.exit(1);
  }
  const openDevice = (format: DeviceFormat, device: string | null) => {
    const speaker = new Speaker({
      ...format,
      bitDepth: 16,
      signed: true,
      ...(device === null ? {} : { device }),
    });
    // speaker opens at its first write, where a failure loses that chunk and can only be an
    // 'error' event; opened here, a device that cannot be opened throws before any sample is
    // handed to it, and the engine plays on the system default instead.
    speaker._open();
    return speaker;
  };
  const engine = new OutputEngine(openDevice, post);
  // The decoders are loaded (about 100 ms each, blocking) before we say ready: later they would
  // stall the pacing of whatever plays first, and the first FLAC or MP3 would wait for them.
  void preloadStreamDecoders().then(() =>
    // Until main's `set-device`, the system default (speaker reads no AUDIODEV on Linux).
    post({ type: 'ready', device: 'default', speakerVersion }),
  );
  onCommand((command) => {
    engine.handle(command);
    if (command.type === 'shutdown') setTimeout(() => process.exit(0), 50);
  });
  // Main going away must take us with it, never leave an orphan holding the device.
  process.on('disconnect', () => {
    engine.dispose();
    setTimeout(() => process.exit(0), 50);
  });
  // A bug in one playback must not take the device away from the next.
  process.on('unhandledRejection', (reason) => console.error('audio process:', reason));
}

start();
