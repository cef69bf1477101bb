import { describe, expect, it } from 'vitest';
import {
  HIDDEN_MARKER,
  formatShareWithExtremes,
  suppressCells,
  type CountCell,
  type SuppressionOptions,
} from './suppression.ts';

const cells = (counts: Record<string, number>): CountCell[] =>
  Object.entries(counts).map(([key, count]) => ({ key, count }));

const view = (r: ReturnType<typeof suppressCells>) => r.cells.map((c) => [c.key, c.display]);

describe('suppressCells', () => {
  it('shows everything when every cell reaches n', () => {
    const r = suppressCells(cells({ a: 12, b: 30, c: 58 }), { minimumN: 10 });
    expect(view(r)).toEqual([
      ['a', '12'],
      ['b', '30'],
      ['c', '58'],
    ]);
    expect(r.cells[0]?.percentDisplay).toBe('12%');
    expect(r.isProtected).toBe(true);
  });

  it('hides a small cell and the next-smallest, so subtraction gives nothing back', () => {
    const r = suppressCells(cells({ white: 40, black: 25, asian: 3, hispanic: 18 }), {
      minimumN: 10,
    });
    expect(view(r)).toEqual([
      ['white', '40'],
      ['black', '25'],
      ['asian', HIDDEN_MARKER],
      ['hispanic', HIDDEN_MARKER],
    ]);
    expect(r.cells.map((c) => c.status)).toEqual(['shown', 'shown', 'primary', 'complementary']);
    expect(r.total).toBe(86);
  });

  it('hides more when the hidden cells together are still fewer than n', () => {
    // 2 + 3 = 5 people: the pair's sum would itself be a small number.
    const r = suppressCells(cells({ a: 2, b: 3, c: 14, d: 50 }), { minimumN: 10 });
    expect(r.cells.map((c) => c.status)).toEqual(['primary', 'primary', 'complementary', 'shown']);
    // Zeros are hidden too.
    const z = suppressCells(cells({ a: 0, b: 0, c: 40, d: 50 }), { minimumN: 10 });
    expect(z.cells.map((c) => c.status)).toEqual(['primary', 'primary', 'complementary', 'shown']);
  });

  it('breaks ties for the complementary cell by input order', () => {
    const r = suppressCells(cells({ a: 4, b: 20, c: 20 }), { minimumN: 10 });
    expect(r.cells.map((c) => c.status)).toEqual(['primary', 'complementary', 'shown']);
  });

  it('needs no complementary cell when the total is not published', () => {
    const r = suppressCells(cells({ a: 4, b: 20, c: 20 }), { minimumN: 10, totalIsShown: false });
    expect(r.cells.map((c) => c.status)).toEqual(['primary', 'shown', 'shown']);
  });

  it('says when a table cannot be protected', () => {
    expect(suppressCells(cells({ a: 0, b: 0 }), { minimumN: 10 }).isProtected).toBe(false);
    expect(suppressCells(cells({ a: 3 }), { minimumN: 10 }).isProtected).toBe(false);
    expect(suppressCells(cells({ a: 3, b: 4 }), { minimumN: 10 }).isProtected).toBe(true);
  });

  it('codes extreme shares as Delaware does and hides their counts', () => {
    const r = suppressCells(cells({ proficient: 970, not_proficient: 30 }), {
      minimumN: 10,
      extremes: { low: 5, high: 95 },
    });
    expect(r.cells.map((c) => [c.status, c.percentDisplay])).toEqual([
      ['extreme', '>95%'],
      ['extreme', '<5%'],
    ]);
    expect(r.cells.every((c) => c.count === null)).toBe(true);
    expect(formatShareWithExtremes(3.2)).toBe('<5%');
    expect(formatShareWithExtremes(96)).toBe('>95%');
    expect(formatShareWithExtremes(42.25)).toBe('42.3%');
  });

  it('refuses negative or fractional counts', () => {
    expect(() => suppressCells(cells({ a: -1 }), { minimumN: 10 })).toThrow(RangeError);
    expect(() => suppressCells(cells({ a: 1.5 }), { minimumN: 10 })).toThrow(RangeError);
  });
});

/**
 * Every way of filling the hidden cells that is consistent with what is published — the shown
 * counts, the total, the cells hidden, and (for the reader who knows the algorithm) that running
 * it on the filled table gives the same publication. Returns the values each hidden cell can take.
 */
function possibleValues(
  published: ReturnType<typeof suppressCells>,
  keys: string[],
  options: SuppressionOptions,
  algorithmAware: boolean,
): Map<string, Set<number>> {
  const hidden = published.cells.filter((c) => c.count === null).map((c) => c.key);
  const shownSum = published.cells.reduce((s, c) => s + (c.count ?? 0), 0);
  const remainder = published.total - shownSum;
  const seen = new Map(hidden.map((k) => [k, new Set<number>()]));
  const signature = JSON.stringify(published.cells.map((c) => [c.display, c.percentDisplay]));
  const assign = (i: number, left: number, values: number[]): void => {
    if (i === hidden.length - 1) {
      const candidate = [...values, left];
      if (algorithmAware) {
        const table = keys.map((k) => {
          const h = hidden.indexOf(k);
          const count =
            h >= 0 ? (candidate[h] ?? 0) : (published.cells.find((c) => c.key === k)?.count ?? 0);
          return { key: k, count };
        });
        const again = suppressCells(table, options);
        if (JSON.stringify(again.cells.map((c) => [c.display, c.percentDisplay])) !== signature)
          return;
      }
      candidate.forEach((v, h) => seen.get(hidden[h] ?? '')?.add(v));
      return;
    }
    for (let v = 0; v <= left; v++) assign(i + 1, left - v, [...values, v]);
  };
  if (hidden.length > 0) assign(0, remainder, []);
  return seen;
}

describe('complementary suppression: no hidden cell can be recovered', () => {
  let seed = 12345;
  const rand = (k: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % k;
  };

  it('by subtraction, nor by a reader who knows the algorithm (random small tables)', () => {
    let checked = 0;
    for (let trial = 0; trial < 400; trial++) {
      const size = 2 + rand(3);
      const minimumN = 3 + rand(3);
      const table = Array.from({ length: size }, (_, i) => ({ key: `c${i}`, count: rand(14) }));
      const options: SuppressionOptions = { minimumN };
      const published = suppressCells(table, options);
      if (!published.isProtected || published.cells.every((c) => c.count !== null)) continue;
      checked++;
      for (const aware of [false, true]) {
        const possible = possibleValues(
          published,
          table.map((c) => c.key),
          options,
          aware,
        );
        for (const [key, values] of possible) {
          // The true value is always among them, and never alone.
          expect(values.has(table.find((c) => c.key === key)?.count ?? -1)).toBe(true);
          expect(
            values.size,
            `${JSON.stringify(table)} n=${minimumN} aware=${aware} key=${key}`,
          ).toBeGreaterThan(1);
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('a lone hidden cell would be recovered: the property test can fail', () => {
    // Without complementary suppression: total 86 − 40 − 25 − 18 = 3.
    const published = suppressCells(cells({ white: 40, black: 25, asian: 3, hispanic: 18 }), {
      minimumN: 10,
      totalIsShown: false,
    });
    const withTotal = { ...published, total: 86 };
    const possible = possibleValues(
      withTotal,
      ['white', 'black', 'asian', 'hispanic'],
      { minimumN: 10, totalIsShown: false },
      false,
    );
    expect([...(possible.get('asian') ?? [])]).toEqual([3]);
  });
});
