/**
 * What a learned control (or a sampler hit on no mapped note) asks of the window: main does
 * what it owns (volume, transport) and tells the window with `control:fired`; the selection
 * and auto-play live here, so the window does the rest.
 */
import type { ControlFired } from '../../../shared/contract';
import { toDisposable, type Disposable } from '../../../shared/lifecycle';
import type { Client } from '../ipc/client';
import { libraryFeed, useLibraryStore } from '../stores/library';
import { playerActions, usePlayerStore } from '../stores/player';

export function performControl({ action, value }: ControlFired): Promise<void> {
  const { selectedIndex, rows } = useLibraryStore.getState();
  const { autoPlay } = usePlayerStore.getState();
  const move = async (by: number) => {
    const row = await libraryFeed.select(Math.max(0, selectedIndex + by));
    // One that cannot play is asked for too: the core stops what played and says why.
    if (autoPlay && row) await playerActions.play(row.id);
  };
  const selected = rows.get(selectedIndex);
  switch (action) {
    case 'next-file':
      return move(1);
    case 'previous-file':
      return move(-1);
    case 'play-selected':
      return selected ? playerActions.play(selected.id) : Promise.resolve();
    case 'stop':
      return playerActions.stop();
    case 'sampler': {
      const velocity = Math.max(1, Math.round(value * 127));
      return selected ? playerActions.play(selected.id, { velocity }) : Promise.resolve();
    }
    case 'toggle-auto-play':
      return playerActions.setAutoPlay(!autoPlay);
    default:
      // volume and transport are done in main
      return Promise.resolve();
  }
}

export function connectControls(client: Client): Disposable {
  return toDisposable(client.on('control:fired', (fired) => void performControl(fired)));
}
