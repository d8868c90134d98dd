/**
 * Entry of the audio process. `require('speaker')` aborts the whole process inside ALSA when
 * there is no usable device, so it is only ever loaded here, never in main.
 */
import { createRequire } from 'node:module';
import type { AudioCommand, AudioProcessMessage } from './audio-protocol';

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

const load = createRequire(__filename);

function start(): void {
  let speakerVersion = 'unknown';
  try {
    speakerVersion = (load('speaker/package.json') as { version: string }).version;
    load('speaker');
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
  post({ type: 'ready', device: process.env.AUDIODEV ?? 'default', speakerVersion });
  onCommand((command) => {
    if (command.type === 'shutdown') process.exit(0);
  });
  // Main going away must take us with it, never leave an orphan holding the device.
  process.on('disconnect', () => process.exit(0));
}

start();
