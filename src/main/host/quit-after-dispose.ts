/** The part of Electron's `app` that quitting needs; an EventEmitter stands in for it in tests. */
export interface QuittingApp {
  on(event: 'will-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

export interface QuitAfterDisposeOptions {
  /** How long quitting may wait for dispose before it goes ahead anyway. */
  timeoutMs?: number;
  log?: (message: string) => void;
}

/**
 * Holds the app's quit until `dispose()` has settled (the last settings and cache writes are on
 * disk), then quits for real. Electron does not wait for a promise returned from `will-quit`,
 * so the first `will-quit` is prevented; the one that our own `quit()` raises goes through.
 * A dispose that hangs is given `timeoutMs`, then logged and left behind.
 */
export function quitAfterDispose(
  app: QuittingApp,
  dispose: () => Promise<void>,
  { timeoutMs = 5000, log = (message) => console.error(message) }: QuitAfterDisposeOptions = {},
): void {
  let state: 'running' | 'disposing' | 'disposed' = 'running';
  app.on('will-quit', (event) => {
    if (state === 'disposed') return;
    event.preventDefault();
    if (state === 'disposing') return;
    state = 'disposing';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ceiling = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        log(`quitting: saving did not finish within ${timeoutMs} ms; quitting anyway`);
        resolve();
      }, timeoutMs);
    });
    // The executor runs at once, and turns a dispose that throws into a rejection.
    const disposed = new Promise<void>((resolve) => resolve(dispose())).catch((error: unknown) =>
      log(`quitting: ${error instanceof Error ? error.message : String(error)}`),
    );
    void Promise.race([disposed, ceiling]).then(() => {
      clearTimeout(timer);
      state = 'disposed';
      app.quit();
    });
  });
}
