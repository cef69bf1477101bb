// k nearest neighbours by a static k-d tree (Bentley, "Multidimensional binary search trees
// used for associative searching", CACM 18(9), 1975; Friedman, Bentley & Finkel, ACM TOMS
// 3(3), 1977): built once in O(n log n) by median splits, each query visits O(log n + k)
// nodes on low-dimensional data, instead of the O(n) scan per school that makes all-pairs
// peers O(n²) — 81 million distances for 9,000 schools.
//
// Ties are broken deterministically: among equal distances the point with the smaller rank
// (the caller's order, e.g. school id) comes first, and the search never prunes a subtree that
// could hold a point at exactly the current worst distance, so the result equals a brute-force
// sort by (distance, rank).

export interface KdTree {
  dimensions: number;
  /** Point coordinates, point-major: coords[i * dimensions + d]. */
  coords: Float64Array;
  /** Tree order: the point at each slot. */
  order: Int32Array;
  /** Split dimension for the node whose median sits at each slot. */
  splitDim: Int8Array;
}

const LEAF_SIZE = 8;

export function buildKdTree(coords: Float64Array, dimensions: number): KdTree {
  const n = coords.length / dimensions;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const splitDim = new Int8Array(n);
  const build = (lo: number, hi: number): void => {
    if (hi - lo <= LEAF_SIZE) return;
    // Split on the dimension with the widest spread in this box.
    let dim = 0;
    let widest = -1;
    for (let d = 0; d < dimensions; d++) {
      let min = Infinity;
      let max = -Infinity;
      for (let i = lo; i < hi; i++) {
        const v = coords[(order[i] ?? 0) * dimensions + d] ?? 0;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      if (max - min > widest) {
        widest = max - min;
        dim = d;
      }
    }
    const mid = (lo + hi) >> 1;
    select(order, coords, dimensions, dim, lo, hi - 1, mid);
    splitDim[mid] = dim;
    build(lo, mid);
    build(mid + 1, hi);
  };
  build(0, n);
  return { dimensions, coords, order, splitDim };
}

/** Hoare's quickselect on order[lo..hi] by coordinate `dim`, placing the k-th at k. */
function select(
  order: Int32Array,
  coords: Float64Array,
  dims: number,
  dim: number,
  lo: number,
  hi: number,
  k: number,
): void {
  const key = (slot: number) => coords[(order[slot] ?? 0) * dims + dim] ?? 0;
  while (hi > lo) {
    const pivot = key((lo + hi) >> 1);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (key(i) < pivot) i++;
      while (key(j) > pivot) j--;
      if (i <= j) {
        const t = order[i] ?? 0;
        order[i] = order[j] ?? 0;
        order[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

export function squaredDistance(coords: Float64Array, dims: number, a: number, b: number): number {
  let s = 0;
  for (let d = 0; d < dims; d++) {
    const diff = (coords[a * dims + d] ?? 0) - (coords[b * dims + d] ?? 0);
    s += diff * diff;
  }
  return s;
}

export interface NearestSearch {
  /**
   * Writes the k points nearest to point `query` (itself excluded) into `points` and their
   * squared distances into `distances`, sorted by (squared distance, rank); returns how many.
   */
  (query: number, points: Int32Array, distances: Float64Array): number;
}

/**
 * A search for the k nearest points, reusing its buffers from query to query (nothing is
 * allocated per query: this runs once per school). `rank[i]` orders ties; pass each point's
 * position in id order.
 */
export function createNearestSearch(tree: KdTree, k: number, rank: Int32Array): NearestSearch {
  const { coords, order, splitDim, dimensions: dims } = tree;
  const n = order.length;
  const size = Math.max(0, Math.min(k, n - 1));
  // Max-heap on (distance, rank): the root is the worst of the best found so far.
  const heapD = new Float64Array(size);
  const heapP = new Int32Array(size);
  let count = 0;
  let query = 0;

  const isWorse = (d1: number, p1: number, d2: number, p2: number): boolean =>
    d1 > d2 || (d1 === d2 && (rank[p1] ?? 0) > (rank[p2] ?? 0));
  const swap = (i: number, j: number): void => {
    const d = heapD[i] ?? 0;
    const p = heapP[i] ?? 0;
    heapD[i] = heapD[j] ?? 0;
    heapP[i] = heapP[j] ?? 0;
    heapD[j] = d;
    heapP[j] = p;
  };
  const offer = (p: number): void => {
    if (p === query) return;
    const d = squaredDistance(coords, dims, query, p);
    if (count < size) {
      let i = count++;
      heapD[i] = d;
      heapP[i] = p;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!isWorse(heapD[i] ?? 0, heapP[i] ?? 0, heapD[parent] ?? 0, heapP[parent] ?? 0)) break;
        swap(i, parent);
        i = parent;
      }
      return;
    }
    const worst = heapD[0] ?? 0;
    if (d > worst || (d === worst && (rank[p] ?? 0) > (rank[heapP[0] ?? 0] ?? 0))) return;
    heapD[0] = d;
    heapP[0] = p;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let w = i;
      if (l < count && isWorse(heapD[l] ?? 0, heapP[l] ?? 0, heapD[w] ?? 0, heapP[w] ?? 0)) w = l;
      if (r < count && isWorse(heapD[r] ?? 0, heapP[r] ?? 0, heapD[w] ?? 0, heapP[w] ?? 0)) w = r;
      if (w === i) return;
      swap(i, w);
      i = w;
    }
  };
  // Per dimension, how far the query lies outside the current cell; their squares add up to a
  // lower bound on the distance to anything in the cell (Arya & Mount, "Algorithms for fast
  // vector quantization", DCC 1993 — the incremental distance nanoflann uses).
  const offsets = new Float64Array(dims);
  const search = (lo: number, hi: number, cellDistance: number): void => {
    if (hi - lo <= LEAF_SIZE) {
      for (let i = lo; i < hi; i++) offer(order[i] ?? 0);
      return;
    }
    const mid = (lo + hi) >> 1;
    const p = order[mid] ?? 0;
    const dim = splitDim[mid] ?? 0;
    offer(p);
    const diff = (coords[query * dims + dim] ?? 0) - (coords[p * dims + dim] ?? 0);
    const nearLo = diff < 0 ? lo : mid + 1;
    const nearHi = diff < 0 ? mid : hi;
    search(nearLo, nearHi, cellDistance);
    // The far side, unless it is strictly farther than the worst kept (a point at exactly that
    // distance may still win its tie on rank).
    const old = offsets[dim] ?? 0;
    const farDistance = cellDistance - old * old + diff * diff;
    if (count < size || farDistance <= (heapD[0] ?? 0)) {
      offsets[dim] = diff;
      if (diff < 0) search(mid + 1, hi, farDistance);
      else search(lo, mid, farDistance);
      offsets[dim] = old;
    }
  };

  return (q, points, distances) => {
    if (size === 0) return 0;
    query = q;
    count = 0;
    offsets.fill(0);
    search(0, n, 0);
    // Pop the heap from the worst down, filling the output from the back.
    const found = count;
    for (let slot = found - 1; slot >= 0; slot--) {
      points[slot] = heapP[0] ?? 0;
      distances[slot] = heapD[0] ?? 0;
      count--;
      if (count > 0) {
        heapD[0] = heapD[count] ?? 0;
        heapP[0] = heapP[count] ?? 0;
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let w = i;
          if (l < count && isWorse(heapD[l] ?? 0, heapP[l] ?? 0, heapD[w] ?? 0, heapP[w] ?? 0))
            w = l;
          if (r < count && isWorse(heapD[r] ?? 0, heapP[r] ?? 0, heapD[w] ?? 0, heapP[w] ?? 0))
            w = r;
          if (w === i) break;
          swap(i, w);
          i = w;
        }
      }
    }
    return found;
  };
}

/** Convenience form of createNearestSearch for a single query. */
export function nearest(
  tree: KdTree,
  query: number,
  k: number,
  rank: Int32Array,
): { point: number; squaredDistance: number }[] {
  const points = new Int32Array(Math.max(0, k));
  const distances = new Float64Array(Math.max(0, k));
  const found = createNearestSearch(tree, k, rank)(query, points, distances);
  return Array.from({ length: found }, (_, i) => ({
    point: points[i] ?? 0,
    squaredDistance: distances[i] ?? 0,
  }));
}
