import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFileDrag, type FileDragItem } from '../../src/main/host/file-drag';

const library = new Map([
  [1, '/samples/kick.wav'],
  [2, '/samples/snare.wav'],
]);
const pathOf = (id: number) => library.get(id);
const icon = join(__dirname, '..', '..', 'resources', 'drag-icon.png');

function recorder() {
  const started: FileDragItem[] = [];
  return { started, startDrag: (item: FileDragItem) => void started.push(item) };
}

describe('the Electron drag out', () => {
  it('starts one native drag of the library paths of the ids, in order, with the icon', () => {
    const source = recorder();
    expect(startFileDrag(source, [2, 1, 2], pathOf, icon)).toEqual([
      '/samples/snare.wav',
      '/samples/kick.wav',
    ]);
    expect(source.started).toEqual([
      { file: '/samples/snare.wav', files: ['/samples/snare.wav', '/samples/kick.wav'], icon },
    ]);
  });

  it('leaves out ids the library no longer has, and starts nothing when none is left', () => {
    const source = recorder();
    expect(startFileDrag(source, [7, 1], pathOf, icon)).toEqual(['/samples/kick.wav']);
    expect(startFileDrag(source, [7], pathOf, icon)).toEqual([]);
    expect(source.started).toHaveLength(1);
  });

  it('takes ids only: a path, a string or an empty list from the page starts nothing', () => {
    const source = recorder();
    for (const bad of [['/etc/passwd'], '/etc/passwd', [], [1.5], [-1], null, { 0: 1 }]) {
      expect(startFileDrag(source, bad, pathOf, icon)).toEqual([]);
    }
    expect(source.started).toEqual([]);
  });

  it('has its icon in resources/, a PNG', () => {
    expect(existsSync(icon)).toBe(true);
    expect(readFileSync(icon).subarray(1, 4).toString('ascii')).toBe('PNG');
  });
});
