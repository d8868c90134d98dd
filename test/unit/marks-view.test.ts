import { describe, expect, it } from 'vitest';
import type { FileMarks, TagCount } from '../../src/shared/contract';
import { MarksMirror } from '../../src/main/marks/marks-view';
import { seededRandom } from '../fixtures/seeded-random';

/** The old way: every marked file's tags counted afresh. */
function recount(mirror: MarksMirror): TagCount[] {
  const counts = new Map<string, TagCount>();
  for (const [, marks] of mirror.marked()) {
    for (const name of marks.tags) {
      const key = name.toLowerCase();
      const count = counts.get(key);
      if (count) count.count += 1;
      else counts.set(key, { name, count: 1 });
    }
  }
  return [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, count]) => count);
}

describe('the marks mirror', () => {
  it('keeps tag counts by each change equal to a full recount, over random changes', () => {
    const random = seededRandom(13);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    const paths = Array.from({ length: 60 }, (_, i) => `/lib/${i}.wav`);
    // The database keeps one spelling per tag: a rename respells it on every file at once.
    const spelling = new Map(['kick', 'snare', 'pad', 'éclair', 'bass', 'fx'].map((t) => [t, t]));
    const marksOf = (): FileMarks => {
      const tags = [...spelling.values()].filter(() => random() < 0.3);
      return {
        fav: random() < 0.2,
        rating: random() < 0.5 ? 0 : 1 + Math.floor(random() * 5),
        color: null,
        tags: tags.sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())),
      };
    };
    const mirror = new MarksMirror();
    const seen = new Set<number>();
    for (let step = 0; step < 2000; step++) {
      const roll = random();
      if (roll < 0.7) {
        // A change to a few files (one delta), empty marks included.
        for (let n = 1 + Math.floor(random() * 4); n > 0; n--) mirror.set(pick(paths), marksOf());
      } else if (roll < 0.8) {
        // Unmarked entirely.
        mirror.set(pick(paths), { fav: false, rating: 0, color: null, tags: [] });
      } else if (roll < 0.9) {
        const key = pick([...spelling.keys()]);
        const to = random() < 0.5 ? key.toUpperCase() : key;
        spelling.set(key, to);
        for (const [path, marks] of [...mirror.marked()]) {
          if (marks.tags.some((t) => t.toLowerCase() === key)) {
            const tags = marks.tags.map((t) => (t.toLowerCase() === key ? to : t));
            mirror.set(path, { ...marks, tags });
          }
        }
      } else if (roll < 0.97) {
        // A tag deleted: gone from every file.
        const key = pick([...spelling.keys()]);
        for (const [path, marks] of [...mirror.marked()]) {
          const tags = marks.tags.filter((t) => t.toLowerCase() !== key);
          if (tags.length !== marks.tags.length) mirror.set(path, { ...marks, tags });
        }
      } else if (roll < 0.99) {
        // Everything anew (an import, a restore).
        mirror.replace(new Map(paths.slice(0, 30).map((p) => [p, marksOf()])), []);
      } else {
        mirror.clear();
      }
      const tags = mirror.tags();
      expect(tags, `after step ${step}`).toEqual(recount(mirror));
      seen.add(tags.length);
    }
    // The run went through empty, partly and fully used tag sets.
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});
