import { screen, type BrowserWindow } from 'electron';
import { fitWindow, type WindowState, type WindowStateKeeper } from '../electron/window-state';

/** Where the window opens: the saved state fitted onto today's displays. */
export function windowPlacement(saved: WindowState | null): WindowState {
  const workAreas = screen.getAllDisplays().map((display) => display.workArea);
  return fitWindow(saved, workAreas, screen.getPrimaryDisplay().workArea);
}

/** What the keeper saves: the normal bounds, so a maximized window restores to its old size. */
export function readWindowState(window: BrowserWindow): WindowState | null {
  if (window.isDestroyed()) return null;
  return {
    bounds: window.getNormalBounds(),
    maximized: window.isMaximized(),
    fullScreen: window.isFullScreen(),
  };
}

/** Saves the window's state after it moves or resizes (debounced) and as it closes. */
export function keepWindowState(window: BrowserWindow, keeper: WindowStateKeeper): void {
  const changed = () => keeper.changed();
  // `resize` and `move`, not `resized`/`moved`: those two fire on macOS and Windows only.
  window.on('resize', changed);
  window.on('move', changed);
  window.on('maximize', changed);
  window.on('unmaximize', changed);
  window.on('enter-full-screen', changed);
  window.on('leave-full-screen', changed);
  window.on('close', () => void keeper.saveNow());
}
