// Minimum-cost flow by successive shortest paths with node potentials (Edmonds & Karp 1972;
// Tomizawa 1971; Ahuja, Magnanti & Orlin, "Network Flows", 1993, §9.7): each round finds the
// cheapest source→sink path in the residual network with Dijkstra on reduced costs
// c(u,v) + π(u) − π(v) ≥ 0 and sends as much as the path allows. The path costs of successive
// rounds never decrease (AMO Theorem 9.12), so stopping at the first path that costs ≥ 0 gives a
// minimum-cost flow of free amount, and never stopping gives the minimum-cost maximum flow.
//
// Why this algorithm (docs/decisions/010-matching.md): the district problems send at most a few
// hundred to a couple of thousand units (one per school or post), so the number of rounds is
// small and each round is one Dijkstra that stops when the sink is settled; measured faster
// here than network simplex or cost scaling would need to be. Costs are integers (exact in
// float64 up to 2^53), the arcs live in typed arrays (a forward arc 2i and its reverse 2i + 1).
// Initial potentials come from Bellman–Ford (queue-based), since the input may have negative
// costs but no negative cycles (both district networks are acyclic).
import { MinHeap } from './heap.ts';

export interface FlowResult {
  /** Units sent from source to sink. */
  flow: number;
  /** Σ cost × flow over the arcs, an integer. */
  cost: number;
  /** Flow on the arc returned by addArc(i). */
  flowOn(arc: number): number;
  /** Shortest-path computations (Dijkstra runs) the solve took. */
  phases: number;
}

export class FlowNetwork {
  readonly nodeCount: number;
  private arcCount = 0;
  private to: Int32Array;
  private next: Int32Array;
  private residual: Float64Array;
  private cost: Float64Array;
  private capacity: Float64Array;
  private readonly head: Int32Array;

  constructor(nodeCount: number, arcHint = 16) {
    this.nodeCount = nodeCount;
    this.head = new Int32Array(nodeCount).fill(-1);
    const size = Math.max(2, arcHint * 2);
    this.to = new Int32Array(size);
    this.next = new Int32Array(size);
    this.residual = new Float64Array(size);
    this.cost = new Float64Array(size);
    this.capacity = new Float64Array(Math.max(1, arcHint));
  }

  get arcs(): number {
    return this.arcCount;
  }

  /** Adds an arc and returns its index. Capacity ≥ 0; cost an integer. */
  addArc(from: number, to: number, capacity: number, cost: number): number {
    if (from < 0 || from >= this.nodeCount || to < 0 || to >= this.nodeCount) {
      throw new RangeError(`arc ${from}→${to} outside 0..${this.nodeCount - 1}`);
    }
    if (!Number.isInteger(cost)) throw new RangeError('arc costs must be integers');
    if (!(capacity >= 0)) throw new RangeError('arc capacity must be ≥ 0');
    const i = this.arcCount++;
    if (2 * i + 1 >= this.to.length) this.grow();
    this.capacity[i] = capacity;
    this.link(2 * i, from, to, capacity, cost);
    this.link(2 * i + 1, to, from, 0, -cost);
    return i;
  }

  /** The arc's tail, head, capacity and cost, as added. */
  arc(i: number): { from: number; to: number; capacity: number; cost: number } {
    return {
      from: this.to[2 * i + 1] ?? 0,
      to: this.to[2 * i] ?? 0,
      capacity: this.capacity[i] ?? 0,
      cost: this.cost[2 * i] ?? 0,
    };
  }

  private link(e: number, from: number, to: number, residual: number, cost: number) {
    this.to[e] = to;
    this.residual[e] = residual;
    this.cost[e] = cost;
    this.next[e] = this.head[from] ?? -1;
    this.head[from] = e;
  }

  private grow() {
    const size = this.to.length * 2;
    const widen = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.to = widen(this.to, (n) => new Int32Array(n));
    this.next = widen(this.next, (n) => new Int32Array(n));
    this.residual = widen(this.residual, (n) => new Float64Array(n));
    this.cost = widen(this.cost, (n) => new Float64Array(n));
    const capacity = new Float64Array(size / 2);
    capacity.set(this.capacity);
    this.capacity = capacity;
  }

  /**
   * Sends flow from source to sink at least cost. `stopWhenNotImproving`: stop before the first
   * path whose cost is ≥ 0 (minimum-cost flow of free amount); otherwise send the maximum flow.
   * Can be called once per network.
   */
  solve(
    source: number,
    sink: number,
    options: { stopWhenNotImproving?: boolean; flowLimit?: number } = {},
  ): FlowResult {
    const n = this.nodeCount;
    const { to, next, residual, cost, head } = this;
    const stopWhenNotImproving = options.stopWhenNotImproving ?? true;
    const limit = options.flowLimit ?? Infinity;
    const potential = initialPotentials(this, source);
    const dist = new Float64Array(n);
    const settled = new Uint8Array(n);
    const heap = new MinHeap(n);
    const level = new Int32Array(n);
    const cursor = new Int32Array(n);
    const queue = new Int32Array(n);
    let flow = 0;
    let totalCost = 0;

    let phases = 0;
    while (flow < limit) {
      phases++;
      dist.fill(Infinity);
      settled.fill(0);
      dist[source] = 0;
      heap.clear();
      heap.push(source, 0);
      let sinkDist = Infinity;
      while (heap.size > 0) {
        const u = heap.pop();
        if (settled[u] === 1) continue;
        settled[u] = 1;
        const du = dist[u] ?? Infinity;
        if (u === sink) {
          sinkDist = du;
          break;
        }
        const pu = potential[u] ?? 0;
        for (let e = head[u] ?? -1; e !== -1; e = next[e] ?? -1) {
          if ((residual[e] ?? 0) <= 0) continue;
          const v = to[e] ?? 0;
          if (settled[v] === 1) continue;
          const nd = du + (cost[e] ?? 0) + pu - (potential[v] ?? 0);
          if (nd < (dist[v] ?? Infinity)) {
            dist[v] = nd;
            heap.push(v, nd);
          }
        }
      }
      if (sinkDist === Infinity) break;
      const pathCost = sinkDist - (potential[source] ?? 0) + (potential[sink] ?? 0);
      if (stopWhenNotImproving && pathCost >= 0) break;
      // Potentials of settled nodes move by their distance, the rest by the sink's: reduced
      // costs stay ≥ 0 (the usual early-exit form of Dijkstra with potentials).
      for (let v = 0; v < n; v++) {
        const d = dist[v] ?? Infinity;
        if (potential[v] === Infinity) continue;
        potential[v] = (potential[v] ?? 0) + (settled[v] === 1 && d < sinkDist ? d : sinkDist);
      }
      // Every source→sink path of zero reduced cost is now a shortest path: send a blocking
      // flow along them (Dinic's levels keep the search off zero-cost cycles) before the next
      // Dijkstra — the primal–dual form of the method (AMO §9.8), many units per Dijkstra.
      for (;;) {
        const sent = this.blockingFlow(source, sink, potential, limit - flow, level, cursor, queue);
        if (sent === 0) break;
        flow += sent;
        totalCost += sent * pathCost;
        if (flow >= limit) break;
      }
    }
    return {
      flow,
      cost: totalCost,
      flowOn: (arc: number) => residual[2 * arc + 1] ?? 0,
      phases,
    };
  }

  /** Units sent along admissible arcs (residual > 0, reduced cost 0) in one Dinic phase. */
  private blockingFlow(
    source: number,
    sink: number,
    potential: Float64Array,
    limit: number,
    level: Int32Array,
    cursor: Int32Array,
    queue: Int32Array,
  ): number {
    const { to, next, residual, cost, head } = this;
    const admissible = (e: number, u: number, v: number) =>
      (residual[e] ?? 0) > 0 && (cost[e] ?? 0) + (potential[u] ?? 0) - (potential[v] ?? 0) === 0;
    level.fill(-1);
    level[source] = 0;
    let qh = 0;
    let qt = 0;
    queue[qt++] = source;
    while (qh < qt) {
      const u = queue[qh++] ?? 0;
      if (u === sink) continue;
      for (let e = head[u] ?? -1; e !== -1; e = next[e] ?? -1) {
        const v = to[e] ?? 0;
        if ((level[v] ?? 0) >= 0 || !admissible(e, u, v)) continue;
        level[v] = (level[u] ?? 0) + 1;
        queue[qt++] = v;
      }
    }
    if ((level[sink] ?? -1) < 0) return 0;
    cursor.set(head);
    let total = 0;
    // Iterative depth-first search with current-arc pointers; `queue` holds the path's arcs.
    const pathArcs = queue;
    while (total < limit) {
      let depth = 0;
      let u = source;
      // Walk forward until the sink is reached; a dead end at the source ends the phase.
      while (u !== sink) {
        let e = cursor[u] ?? -1;
        for (; e !== -1; e = next[e] ?? -1) {
          const v = to[e] ?? 0;
          if ((level[v] ?? -1) === (level[u] ?? 0) + 1 && admissible(e, u, v)) break;
        }
        cursor[u] = e;
        if (e === -1) {
          // Dead end: retreat, and never try this node again in this phase.
          level[u] = -1;
          if (depth === 0) return total;
          depth--;
          u = to[(pathArcs[depth] ?? 0) ^ 1] ?? 0;
          cursor[u] = next[cursor[u] ?? -1] ?? -1;
          continue;
        }
        pathArcs[depth++] = e;
        u = to[e] ?? 0;
      }
      let push = limit - total;
      for (let i = 0; i < depth; i++) push = Math.min(push, residual[pathArcs[i] ?? 0] ?? 0);
      for (let i = 0; i < depth; i++) {
        const e = pathArcs[i] ?? 0;
        residual[e] = (residual[e] ?? 0) - push;
        residual[e ^ 1] = (residual[e ^ 1] ?? 0) + push;
      }
      total += push;
    }
    return total;
  }

  /** For the initial potentials: iterate the arcs leaving u with capacity left. */
  forEachResidualArc(u: number, visit: (v: number, cost: number) => void) {
    for (let e = this.head[u] ?? -1; e !== -1; e = this.next[e] ?? -1) {
      if ((this.residual[e] ?? 0) > 0) visit(this.to[e] ?? 0, this.cost[e] ?? 0);
    }
  }
}

/** Shortest distances from the source (queue-based Bellman–Ford); Infinity where unreachable. */
function initialPotentials(net: FlowNetwork, source: number): Float64Array {
  const n = net.nodeCount;
  const dist = new Float64Array(n).fill(Infinity);
  const inQueue = new Uint8Array(n);
  const relaxations = new Int32Array(n);
  const queue = new Int32Array(n + 1);
  let qHead = 0;
  let qTail = 0;
  let queued = 1;
  dist[source] = 0;
  queue[qTail++] = source;
  inQueue[source] = 1;
  while (queued > 0) {
    const u = queue[qHead] ?? 0;
    qHead = (qHead + 1) % (n + 1);
    queued--;
    inQueue[u] = 0;
    const du = dist[u] ?? Infinity;
    net.forEachResidualArc(u, (v, c) => {
      if (du + c < (dist[v] ?? Infinity)) {
        dist[v] = du + c;
        if (inQueue[v] === 0) {
          relaxations[v] = (relaxations[v] ?? 0) + 1;
          if ((relaxations[v] ?? 0) > n) throw new RangeError('the network has a negative cycle');
          inQueue[v] = 1;
          queue[qTail] = v;
          qTail = (qTail + 1) % (n + 1);
          queued++;
        }
      }
    });
  }
  return dist;
}
