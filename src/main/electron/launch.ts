/** Decisions the Electron entry (src/main/index.ts) makes at launch, apart from Electron. */

/**
 * The dev server's address the window loads instead of the built page, from
 * ELECTRON_RENDERER_URL (set by electron-vite's dev mode). A packaged app never honours it:
 * anyone who could set the variable would choose the page that gets the core's whole API.
 */
export function rendererDevServer(options: {
  isPackaged: boolean;
  env: Record<string, string | undefined>;
}): string | undefined {
  if (options.isPackaged) return undefined;
  const url = options.env.ELECTRON_RENDERER_URL;
  return url ? url : undefined;
}

/**
 * Folders the system asks the app to open (macOS "Open With", a drop on the Dock icon), which
 * may come before the app is ready: kept until `attach` gives the handler that adds them.
 */
export class PendingOpens {
  private queued: string[] = [];
  private handler: ((paths: string[]) => void) | null = null;

  open(path: string): void {
    if (this.handler) this.handler([path]);
    else this.queued.push(path);
  }

  /** From now on paths go straight to `handler`; those queued so far go first, together. */
  attach(handler: (paths: string[]) => void): void {
    this.handler = handler;
    const queued = this.queued.splice(0);
    if (queued.length > 0) handler(queued);
  }
}
