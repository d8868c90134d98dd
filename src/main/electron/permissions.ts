/**
 * Which web permissions the window gets: only what the app uses, only for its own page. The
 * renderer writes paths to the clipboard ("Copy path": navigator.clipboard.writeText, the
 * 'clipboard-sanitized-write' permission) and uses nothing else that asks (no camera,
 * microphone, Web MIDI, notifications, HTML full screen, HID, serial or USB). Electron's own
 * default is to grant almost everything, hence a handler that refuses.
 */

export const ALLOWED_PERMISSIONS: readonly string[] = ['clipboard-sanitized-write'];

/**
 * Our own renderer: its file:// page, or in development (unpackaged, ELECTRON_RENDERER_URL)
 * the dev server's origin. Anything that fails to parse is not ours.
 */
export function isOwnPage(url: string, devServerUrl: string | undefined): boolean {
  try {
    const parsed = new URL(url);
    if (devServerUrl) return parsed.origin === new URL(devServerUrl).origin;
    return parsed.protocol === 'file:';
  } catch {
    return false;
  }
}

export interface PermissionAsk {
  permission: string;
  /** The page (or origin) asking. */
  requestingUrl: string;
  /** An iframe asks for itself, never for us. */
  isMainFrame: boolean;
}

export function permissionAllowed(ask: PermissionAsk, devServerUrl: string | undefined): boolean {
  return (
    ALLOWED_PERMISSIONS.includes(ask.permission) &&
    ask.isMainFrame &&
    isOwnPage(ask.requestingUrl, devServerUrl)
  );
}
