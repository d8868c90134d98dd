/** Keys of the one-Tab-stop widgets (src/renderer/src/components/keyboard-nav.ts): pure. */
import { describe, expect, test } from 'vitest';
import type { FolderNode } from '../../src/shared/contract';
import {
  flattenTree,
  listKeyTarget,
  seekKeyTarget,
  treeKeyTarget,
  type FlatItem,
} from '../../src/renderer/src/components/keyboard-nav';

const folder = (path: string, children: FolderNode[] = []): FolderNode => ({
  path,
  name: path.split('/').at(-1) ?? path,
  files: 1,
  children,
});

// /a (with /a/x, which holds /a/x/deep, and /a/y) and /b.
const tree = [folder('/a', [folder('/a/x', [folder('/a/x/deep')]), folder('/a/y')]), folder('/b')];
const openOnly =
  (...paths: string[]) =>
  (node: FolderNode) =>
    paths.includes(node.path);
const keys = (flat: FlatItem[]) => flat.map((item) => item.key);
const at = (flat: FlatItem[], key: string) => flat.findIndex((item) => item.key === key);
/** The key focus lands on, or what else the key does. */
function press(flat: FlatItem[], from: string, key: string): string | null {
  const action = treeKeyTarget(flat, at(flat, from), key);
  if (!action) return null;
  const target = flat[action.index]!.key;
  return action.kind === 'focus' ? target : `${action.kind} ${target}`;
}

describe('the folder tree, flattened as shown', () => {
  test('"All files" first, then open folders show their children in order', () => {
    const flat = flattenTree(tree, openOnly('/a'));
    expect(keys(flat)).toEqual(['', '/a', '/a/x', '/a/y', '/b']);
    expect(flat.map((item) => item.depth)).toEqual([0, 0, 1, 1, 0]);
    expect(flat.map((item) => item.parent)).toEqual([-1, -1, 1, 1, -1]);
    // "All files" counts among the top level's items.
    expect(flat.map((item) => `${item.posInSet}/${item.setSize}`)).toEqual([
      '1/3',
      '2/3',
      '1/2',
      '2/2',
      '3/3',
    ]);
    expect(flat.map((item) => item.expandable)).toEqual([false, true, true, false, false]);
  });

  test('a closed folder hides everything below it, an open one inside a closed one too', () => {
    expect(keys(flattenTree(tree, openOnly('/a/x')))).toEqual(['', '/a', '/b']);
    expect(keys(flattenTree(tree, openOnly('/a', '/a/x')))).toEqual([
      '',
      '/a',
      '/a/x',
      '/a/x/deep',
      '/a/y',
      '/b',
    ]);
  });
});

describe('tree keys', () => {
  const flat = flattenTree(tree, openOnly('/a'));

  test('Up and Down move through the visible items and stop at the ends', () => {
    expect(press(flat, '', 'ArrowDown')).toBe('/a');
    expect(press(flat, '/a', 'ArrowDown')).toBe('/a/x');
    expect(press(flat, '/a/y', 'ArrowDown')).toBe('/b');
    expect(press(flat, '/b', 'ArrowDown')).toBe('/b');
    expect(press(flat, '/a/x', 'ArrowUp')).toBe('/a');
    expect(press(flat, '', 'ArrowUp')).toBe('');
  });

  test('Home and End: the first and the last visible item', () => {
    expect(press(flat, '/a/y', 'Home')).toBe('');
    expect(press(flat, '/a', 'End')).toBe('/b');
  });

  test('Right opens a closed folder, enters an open one, does nothing on a leaf', () => {
    expect(press(flat, '/a/x', 'ArrowRight')).toBe('open /a/x');
    expect(press(flat, '/a', 'ArrowRight')).toBe('/a/x');
    expect(press(flat, '/a/y', 'ArrowRight')).toBeNull();
    expect(press(flat, '', 'ArrowRight')).toBeNull();
  });

  test('Left closes an open folder, else goes to the parent; at the top it stays', () => {
    expect(press(flat, '/a', 'ArrowLeft')).toBe('close /a');
    expect(press(flat, '/a/y', 'ArrowLeft')).toBe('/a');
    expect(press(flat, '/a/x', 'ArrowLeft')).toBe('/a');
    expect(press(flat, '/b', 'ArrowLeft')).toBeNull();
  });

  test('Enter selects any item; Delete asks only for a library (top-level) folder', () => {
    expect(press(flat, '/a/x', 'Enter')).toBe('select /a/x');
    expect(press(flat, '', 'Enter')).toBe('select ');
    expect(press(flat, '/b', 'Delete')).toBe('remove /b');
    expect(press(flat, '/a/x', 'Delete')).toBeNull();
    expect(press(flat, '', 'Delete')).toBeNull();
  });

  test('Space and letters are not the tree’s (Space plays and pauses)', () => {
    expect(press(flat, '/a', ' ')).toBeNull();
    expect(press(flat, '/a', 'x')).toBeNull();
  });
});

describe('list keys (tabs, sidebar lists, column headers)', () => {
  test('along the orientation, clamped at the ends; the other arrows are not moves', () => {
    expect(listKeyTarget(3, 0, 'ArrowRight', 'horizontal')).toBe(1);
    expect(listKeyTarget(3, 2, 'ArrowRight', 'horizontal')).toBe(2);
    expect(listKeyTarget(3, 0, 'ArrowLeft', 'horizontal')).toBe(0);
    expect(listKeyTarget(3, 1, 'ArrowDown', 'horizontal')).toBeNull();
    expect(listKeyTarget(3, 1, 'ArrowDown', 'vertical')).toBe(2);
    expect(listKeyTarget(3, 1, 'End', 'vertical')).toBe(2);
    expect(listKeyTarget(3, 1, 'Home', 'vertical')).toBe(0);
    expect(listKeyTarget(0, 0, 'Home', 'vertical')).toBeNull();
  });
});

describe('waveform slider keys', () => {
  test('a long file: arrows 1 s, pages 10 s, Home and End, clamped to the file', () => {
    expect(seekKeyTarget('ArrowRight', 5, 20)).toBe(6);
    expect(seekKeyTarget('ArrowUp', 5, 20)).toBe(6);
    expect(seekKeyTarget('ArrowLeft', 5, 20)).toBe(4);
    expect(seekKeyTarget('PageUp', 5, 60)).toBe(15);
    expect(seekKeyTarget('PageDown', 5, 60)).toBe(0);
    expect(seekKeyTarget('ArrowRight', 19.5, 20)).toBe(20);
    expect(seekKeyTarget('Home', 12, 20)).toBe(0);
    expect(seekKeyTarget('End', 12, 20)).toBe(20);
  });

  test('a short sample: 5 % and a quarter of it', () => {
    expect(seekKeyTarget('ArrowRight', 1, 2)).toBeCloseTo(1.1, 10);
    expect(seekKeyTarget('PageDown', 1, 2)).toBeCloseTo(0.5, 10);
    expect(seekKeyTarget('Enter', 1, 2)).toBeNull();
  });
});
