import { describe, expect, it } from 'vitest';
import { buildKdTree, createNearestSearch, nearest, squaredDistance } from './kd-tree.ts';

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function bruteForce(coords: Float64Array, dims: number, q: number, k: number, rank: Int32Array) {
  const n = coords.length / dims;
  return Array.from({ length: n }, (_, p) => p)
    .filter((p) => p !== q)
    .map((p) => ({ point: p, squaredDistance: squaredDistance(coords, dims, q, p) }))
    .sort((a, b) => a.squaredDistance - b.squaredDistance || rank[a.point]! - rank[b.point]!)
    .slice(0, k);
}

describe('k-d tree nearest neighbours', () => {
  it('equals a brute-force sort on random points', () => {
    const rand = lcg(7);
    const n = 700;
    const dims = 4;
    const coords = Float64Array.from({ length: n * dims }, () => rand() * 4 - 2);
    const tree = buildKdTree(coords, dims);
    const rank = Int32Array.from({ length: n }, (_, i) => i);
    // One search reused across queries, as peers.ts does.
    const search = createNearestSearch(tree, 25, rank);
    const points = new Int32Array(25);
    const distances = new Float64Array(25);
    for (let q = 0; q < n; q += 7) {
      const found = search(q, points, distances);
      const got = Array.from({ length: found }, (_, i) => ({
        point: points[i],
        squaredDistance: distances[i],
      }));
      expect(got).toEqual(bruteForce(coords, dims, q, 25, rank));
    }
  });

  it('breaks ties by rank, with many duplicate points', () => {
    const rand = lcg(11);
    const n = 400;
    const dims = 3;
    // Coordinates from {0, 1, 2}: lots of exact ties in distance.
    const coords = Float64Array.from({ length: n * dims }, () => Math.floor(rand() * 3));
    const tree = buildKdTree(coords, dims);
    // A shuffled rank, so that tie order is not the input order.
    const rank = Int32Array.from({ length: n }, (_, i) => (i * 7919) % n);
    for (let q = 0; q < n; q += 5) {
      expect(nearest(tree, q, 30, rank)).toEqual(bruteForce(coords, dims, q, 30, rank));
    }
  });

  it('returns fewer than k when there are fewer other points', () => {
    const coords = Float64Array.from([0, 0, 1, 1, 3, 3]);
    const tree = buildKdTree(coords, 2);
    const rank = Int32Array.from([0, 1, 2]);
    expect(nearest(tree, 0, 10, rank).map((r) => r.point)).toEqual([1, 2]);
    expect(nearest(buildKdTree(Float64Array.from([5, 5]), 2), 0, 3, Int32Array.from([0]))).toEqual(
      [],
    );
  });
});
