import { fork } from 'node:child_process';
import type { AudioChild, LaunchAudioProcess } from './audio-protocol';

/** Starts the audio process with child_process.fork (the web shell and the CLI). */
export function nodeAudioLauncher(modulePath: string): LaunchAudioProcess {
  return () => {
    const child = fork(modulePath, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    child.stderr?.setEncoding('utf8');
    const audioChild: AudioChild = {
      pid: child.pid,
      send: (command) => {
        if (child.connected) child.send(command);
      },
      onMessage: (listener) => child.on('message', listener),
      onStderr: (listener) => child.stderr?.on('data', listener),
      onExit: (listener) => child.on('exit', listener),
      kill: () => child.kill(),
    };
    return audioChild;
  };
}
