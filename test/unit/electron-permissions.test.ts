/** The window's web permissions (src/main/electron/permissions.ts): only what the app uses. */
import { describe, expect, it } from 'vitest';
import { isOwnPage, permissionAllowed } from '../../src/main/electron/permissions';

const page = 'file:///opt/Sampledeck/resources/app.asar/out/renderer/index.html';
const dev = 'http://localhost:5173/';

describe('permissionAllowed', () => {
  it('lets our own page write to the clipboard (Copy path)', () => {
    const ask = { permission: 'clipboard-sanitized-write', requestingUrl: page, isMainFrame: true };
    expect(permissionAllowed(ask, undefined)).toBe(true);
  });

  it.each([
    'media',
    'display-capture',
    'midi',
    'midiSysex',
    'notifications',
    'fullscreen',
    'clipboard-read',
    'geolocation',
    'hid',
    'serial',
    'usb',
    'openExternal',
    'pointerLock',
    'screen-wake-lock',
    'unknown',
  ])('refuses %s, even to our own page', (permission) => {
    expect(
      permissionAllowed({ permission, requestingUrl: page, isMainFrame: true }, undefined),
    ).toBe(false);
  });

  it('refuses the clipboard to a frame inside the page and to any other page', () => {
    const clip = (requestingUrl: string, isMainFrame = true) =>
      permissionAllowed(
        { permission: 'clipboard-sanitized-write', requestingUrl, isMainFrame },
        undefined,
      );
    expect(clip(page, false)).toBe(false);
    expect(clip('https://example.invalid/')).toBe(false);
    expect(clip(dev)).toBe(false);
    expect(clip('not a url')).toBe(false);
    expect(clip('')).toBe(false);
  });

  it('in development, the dev server is our page and file:// is not', () => {
    const clip = (requestingUrl: string) =>
      permissionAllowed(
        { permission: 'clipboard-sanitized-write', requestingUrl, isMainFrame: true },
        dev,
      );
    expect(clip('http://localhost:5173/index.html')).toBe(true);
    expect(clip('http://localhost:5174/')).toBe(false);
    expect(clip(page)).toBe(false);
  });
});

describe('isOwnPage', () => {
  it('accepts an origin as the check handler gives it', () => {
    expect(isOwnPage('file:///', undefined)).toBe(true);
    expect(isOwnPage('http://localhost:5173', dev)).toBe(true);
  });
});
