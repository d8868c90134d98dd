/** The application menu's template per platform (src/main/electron/app-menu.ts). */
import { describe, expect, it } from 'vitest';
import {
  acceleratorKey,
  buildAppMenu,
  menuItems,
  type MenuTemplateItem,
} from '../../src/main/electron/app-menu';
import { APP_COMMANDS, isAppCommand, type AppCommand } from '../../src/shared/app-commands';

const platforms = ['darwin', 'linux', 'win32'] as const;

function menuFor(platform: NodeJS.Platform, packaged = true) {
  const sent: unknown[] = [];
  const template = buildAppMenu({
    platform,
    packaged,
    appName: 'Sampledeck',
    send: (command) => sent.push(command),
  });
  return { template, items: menuItems(template), sent };
}

/** What clicking the item labelled `label` sends. */
function clickSends(platform: NodeJS.Platform, label: string): unknown[] {
  const { items, sent } = menuFor(platform);
  const item = items.find((i) => i.label === label);
  if (!item?.click) throw new Error(`no item "${label}" with a click on ${platform}`);
  item.click();
  return sent;
}

const accelerators = (items: MenuTemplateItem[], platform: NodeJS.Platform) =>
  items.flatMap((i) => (i.accelerator ? [acceleratorKey(i.accelerator, platform)] : []));

describe.each(platforms)('the application menu on %s', (platform) => {
  const mod = platform === 'darwin' ? 'Cmd' : 'Ctrl';

  it.each([
    ['Add Folder…', 'add-folder', `${mod}+O`],
    ['Find…', 'find', `${mod}+F`],
    ['Find Similar', 'find-similar', `${mod}+Shift+S`],
    ['Rescan', 'rescan', `${mod}+R`],
    [platform === 'darwin' ? 'Settings…' : 'Preferences…', 'preferences', `${mod}+,`],
  ])('"%s" sends %s and shows %s', (label, command, keys) => {
    const { items } = menuFor(platform);
    const item = items.find((i) => i.label === label)!;
    expect(acceleratorKey(item.accelerator!, platform)).toBe(keys);
    expect(clickSends(platform, label)).toEqual([command]);
  });

  it('shows Space for Play/Stop without taking the key from text fields', () => {
    const item = menuFor(platform).items.find((i) => i.label === 'Play/Stop')!;
    expect(item).toMatchObject({ accelerator: 'Space', registerAccelerator: false });
    expect(clickSends(platform, 'Play/Stop')).toEqual(['play-stop']);
  });

  it('has About, once, sending about', () => {
    const abouts = menuFor(platform).items.filter((i) => i.label === 'About Sampledeck');
    expect(abouts).toHaveLength(1);
    expect(clickSends(platform, 'About Sampledeck')).toEqual(['about']);
  });

  it('has the Edit roles text fields need and the Window menu', () => {
    const roles = menuFor(platform).items.map((i) => i.role);
    for (const role of ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'windowMenu'])
      expect(roles).toContain(role);
    expect(roles).toContain('quit');
  });

  it.each([true, false])('has no accelerator twice (packaged: %s)', (packaged) => {
    const keys = accelerators(menuFor(platform, packaged).items, platform);
    expect(keys.length).toBeGreaterThan(10);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  it('gives the developer tools and reload only to an unpackaged app', () => {
    const roles = (packaged: boolean) => menuFor(platform, packaged).items.map((i) => i.role);
    expect(roles(true)).not.toContain('toggleDevTools');
    expect(roles(true)).not.toContain('forceReload');
    expect(roles(false)).toContain('toggleDevTools');
    expect(roles(false)).toContain('forceReload');
  });

  it('sends only valid app commands, and every command has an item', () => {
    for (const packaged of [true, false]) {
      const { items, sent } = menuFor(platform, packaged);
      for (const item of items) item.click?.();
      expect(sent.every(isAppCommand)).toBe(true);
      expect(new Set(sent)).toEqual(new Set<AppCommand>(APP_COMMANDS));
    }
  });

  it("finds each command's item by its id, once", () => {
    const { items, sent } = menuFor(platform);
    const ids = items.flatMap((i) => (i.id ? [i.id] : []));
    expect([...ids].sort()).toEqual([...APP_COMMANDS].sort());
    for (const id of ids) items.find((i) => i.id === id)!.click!();
    expect(sent).toEqual(ids);
  });
});

describe('platform menus', () => {
  it('macOS: the app menu first, with Services, Hide and Quit; no Help menu', () => {
    const { template } = menuFor('darwin');
    expect(template[0]!.label).toBe('Sampledeck');
    const appRoles = template[0]!.submenu!.map((i) => i.role);
    expect(appRoles).toEqual(expect.arrayContaining(['services', 'hide', 'quit']));
    expect(template.map((m) => m.label)).not.toContain('&Help');
  });

  it('Linux and Windows: File first, Preferences and Quit in File, About in Help', () => {
    for (const platform of ['linux', 'win32'] as const) {
      const { template } = menuFor(platform);
      expect(template.map((m) => m.label)).toEqual([
        '&File',
        '&Edit',
        '&View',
        '&Playback',
        '&Window',
        '&Help',
      ]);
      const file = template[0]!.submenu!;
      expect(file.map((i) => i.label ?? i.role)).toContain('Preferences…');
      expect(file.map((i) => i.role)).toContain('quit');
      expect(template[5]!.submenu!.map((i) => i.label)).toEqual(['About Sampledeck']);
    }
  });

  it('spells a chord one way: CmdOrCtrl per platform, modifiers sorted, Plus', () => {
    expect(acceleratorKey('CmdOrCtrl+Shift+r', 'linux')).toBe('Ctrl+Shift+R');
    expect(acceleratorKey('Shift+CommandOrControl+R', 'darwin')).toBe('Cmd+Shift+R');
    expect(acceleratorKey('CmdOrCtrl++', 'win32')).toBe(acceleratorKey('Control+Plus', 'win32'));
    expect(acceleratorKey('Ctrl+Cmd+F', 'darwin')).not.toBe(
      acceleratorKey('CmdOrCtrl+F', 'darwin'),
    );
  });
});
