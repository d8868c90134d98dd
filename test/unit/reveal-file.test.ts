import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchDetached, revealCommand, revealFile } from '../../src/main/platform/reveal-file';

describe('revealing a file in the file manager', () => {
  const path = '/samples/drums/kick 01.wav';

  it('builds each platform’s command: Finder and Explorer select the file, Linux opens its folder', () => {
    expect(revealCommand(path, 'darwin')).toEqual({ command: 'open', args: ['-R', path] });
    expect(revealCommand('C:\\Samples\\kick 01.wav', 'win32')).toEqual({
      command: 'explorer.exe',
      args: ['/select,C:\\Samples\\kick 01.wav'],
    });
    expect(revealCommand(path, 'linux')).toEqual({
      command: 'xdg-open',
      args: ['/samples/drums'],
    });
    expect(revealCommand(path, 'freebsd').command).toBe('xdg-open');
  });

  it('starts a program detached, and says clearly when it cannot be started', async () => {
    await expect(
      launchDetached({ command: process.execPath, args: ['-e', '0'] }),
    ).resolves.toBeUndefined();
    await expect(
      launchDetached({ command: 'sampledeck-no-such-file-manager', args: [] }),
    ).rejects.toThrow('could not start sampledeck-no-such-file-manager (it is not installed)');
  });

  it('uses the shell’s own reveal when it has one, and refuses a file gone from disk', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sd-reveal-')), 'hat.wav');
    writeFileSync(file, 'x');
    const shown: string[] = [];
    await expect(revealFile(file, { revealPath: (p) => shown.push(p) })).resolves.toEqual({
      revealed: true,
    });
    expect(shown).toEqual([file]);
    await expect(revealFile(`${file}.gone`, { revealPath: (p) => shown.push(p) })).rejects.toThrow(
      `cannot show ${file}.gone: no such file or folder`,
    );
    expect(shown).toEqual([file]);
  });
});
