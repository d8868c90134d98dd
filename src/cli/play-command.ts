import { basename, resolve } from 'node:path';
import { formatDuration } from '../shared/units';
import { AudioEngine } from '../main/audio/audio-engine';
import type { AudioProcessMessage } from '../main/audio/audio-protocol';
import { nodeAudioLauncher } from '../main/audio/node-audio-launcher';
import { playbackReason } from '../main/audio/compressed-pieces';
import { describeMissingOrFsError } from '../main/platform/fs-error';
import { readAudioHeaderSync } from '../main/formats/read-header-file';
import { builtPaths } from '../main/paths';

function playableProblem(path: string): string | null {
  try {
    const { result } = readAudioHeaderSync(path);
    return result.kind === 'ok' ? playbackReason(result.header) : result.reason;
  } catch (error) {
    return describeMissingOrFsError(error);
  }
}

/**
 * `sampledeck play <file>`: plays one file through the same audio process as the app and prints
 * where it is. The command line is the user's own, so any readable file may be played.
 */
export function playCommand(file: string, out = process.stdout): Promise<number> {
  const path = resolve(file);
  const tty = out.isTTY === true;
  // Say what is wrong with the file before waking the audio device for it.
  const problem = playableProblem(path);
  if (problem) {
    console.error(`sampledeck: cannot play ${basename(path)}: ${problem}`);
    return Promise.resolve(1);
  }
  return new Promise((done) => {
    let rate = 1;
    let total = 0;
    let lastPrinted = -1;
    const finish = (code: number, message?: string) => {
      if (tty) out.write('\n');
      if (message) console.error(`sampledeck: ${message}`);
      engine.dispose();
      done(code);
    };
    const onMessage = (message: AudioProcessMessage) => {
      switch (message.type) {
        case 'started':
          rate = message.sampleRate;
          total = message.frames / rate;
          out.write(`${path}: ${message.channels} ch, ${rate} Hz, ${formatDuration(total)}\n`);
          break;
        case 'position': {
          const seconds = message.frame / rate;
          // A line per half second in a pipe; a live counter on a terminal.
          if (!tty && Math.floor(seconds * 2) === lastPrinted) break;
          lastPrinted = Math.floor(seconds * 2);
          const text = `${formatDuration(seconds)} / ${formatDuration(total)}`;
          out.write(tty ? `\r${text}  ` : `${text}\n`);
          break;
        }
        case 'ended':
          finish(0);
          break;
        case 'error':
          finish(1, message.message);
          break;
      }
    };
    const engine: AudioEngine = new AudioEngine({
      launch: nodeAudioLauncher(builtPaths.audioProcess),
      restartDelaysMs: [60_000],
      onStatus: (status) => {
        if (status.state === 'available') {
          engine.send({ type: 'play', playId: 1, path, startFrame: 0, loop: false, gain: 1 });
        } else if (status.state === 'unavailable') {
          finish(1, `Audio output unavailable: ${status.reason}`);
        }
      },
    });
    engine.onMessage(onMessage);
    engine.onLost((reason) => finish(1, `audio output lost: ${reason}`));
    process.once('SIGINT', () => finish(130));
    engine.start();
  });
}
