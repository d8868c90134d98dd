import { create } from 'zustand';
import type { PlayerState } from '../../../shared/contract';
import { toDisposable, type Disposable } from '../../../shared/lifecycle';
import { perform } from '../actions/dispatcher';
import type { Client } from '../ipc/client';
import { libraryFeed } from './library';
import { followState } from './follow-state';
import { notify } from './notices';

const OVERVIEW_BUCKETS = 1000;

interface PlayerStore {
  player: PlayerState | null;
  /** The last position the core reported, and when (performance.now()), to move smoothly between. */
  position: { sec: number; at: number };
  overview: { id: number; peaks: number[] } | null;
  /** Kept in main (settings.json), so it survives a new port or a new browser profile. */
  autoPlay: boolean;
}

export const usePlayerStore = create<PlayerStore>(() => ({
  player: null,
  position: { sec: 0, at: 0 },
  overview: null,
  autoPlay: true,
}));

/** A file the list showed may be gone (a rescan removed it): the list is read again, quietly. */
const refresh = () => libraryFeed.reload();

async function run(call: (api: Client) => Promise<PlayerState>): Promise<void> {
  const player = await perform(call, { refresh });
  if (player) usePlayerStore.setState({ player });
}

export const playerActions = {
  play: (id: number, options: { onNextBar?: boolean; velocity?: number } = {}) =>
    run((a) => a.invoke('player:play', { id, ...options })),

  toggle: () => run((a) => a.invoke('player:toggle', {})),
  stop: () => run((a) => a.invoke('player:stop', {})),
  seek: (seconds: number) => run((a) => a.invoke('player:seek', { seconds })),
  setLoop: (loop: boolean) => run((a) => a.invoke('player:set-loop', { loop })),
  setVolume: (db: number) => run((a) => a.invoke('player:set-volume', { db })),
  setAutoPlay(autoPlay: boolean) {
    usePlayerStore.setState({ autoPlay });
    return run((a) => a.invoke('player:set-auto-play', { autoPlay }));
  },
};

async function loadOverview(id: number): Promise<void> {
  // No waveform (the file is gone or unreadable) is an answer: the bar still plays and seeks.
  const result = await perform((a) => a.invoke('peaks:get', { id, buckets: OVERVIEW_BUCKETS }), {
    expected: ['UNAVAILABLE', 'NOT_FOUND'],
  });
  if (result && usePlayerStore.getState().player?.file?.id === id) {
    usePlayerStore.setState({ overview: { id, peaks: result.peaks } });
  }
}

/** Feeds the player store from the core's events, outside React. */
export function connectPlayerStore(client: Client): Disposable {
  const apply = (player: PlayerState) => {
    const previous = usePlayerStore.getState();
    const fileId = player.file?.id ?? null;
    usePlayerStore.setState({
      player,
      autoPlay: player.autoPlay,
      position: { sec: player.positionSec, at: performance.now() },
      ...(previous.overview && previous.overview.id !== fileId ? { overview: null } : {}),
    });
    if (
      fileId !== null &&
      previous.overview?.id !== fileId &&
      previous.player?.file?.id !== fileId
    ) {
      void loadOverview(fileId);
    }
    if (player.error && player.error !== previous.player?.error) notify(player.error, 'error');
  };
  const state = followState(client, 'player:state', apply);
  const offProgress = client.on('player:progress', ({ playId, positionSec }) => {
    if (playId === usePlayerStore.getState().player?.playId) {
      usePlayerStore.setState({ position: { sec: positionSec, at: performance.now() } });
    }
  });
  return toDisposable(() => {
    void state.dispose();
    offProgress();
  });
}
