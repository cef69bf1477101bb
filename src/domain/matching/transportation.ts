// The partner problem's own exact solver: a transportation problem with optional supplies —
// rows (schools needing support) send at most one unit each, columns (strong schools) take at
// most their capacity, along the given arcs (candidate pairs), at least total cost. It is the
// min-cost flow of free amount on source →(1) row →(1, c) column →(k) sink that FlowNetwork
// solves (and that the benchmark hands to HiGHS), solved in a form that keeps every search local.
//
// Method: successive shortest paths on pseudoflows (Ahuja, Magnanti & Orlin, "Network Flows",
// 1993, §9.7), one row at a time — the Hungarian method's shortest augmenting path form (Kuhn
// 1955; Tomizawa 1971; Jonker & Volgenant, Computing 38, 1987). "At most one" becomes "exactly
// one" by an arc row → sink of cost 0 ("no partner"), so each row is a node of supply 1 and the
// sink one of demand = rows; the objective of every matching is unchanged (an unmatched row costs
// 0 either way). Invariant: the reduced costs c(u,v) + π(u) − π(v) of all residual arcs are ≥ 0
// (AMO §9.3, reduced-cost optimality). Each step runs Dijkstra from one row that has not sent its
// unit, stops when the sink is settled, moves the potentials of the settled nodes and augments
// one unit along the path; the invariant holds after every step (AMO Lemma 9.11), so when every
// row has sent its unit the flow is feasible and optimal (AMO Theorem 9.3). No stopping rule is
// needed: leaving a row unmatched is just the path row → sink.
//
// Why not the primal–dual FlowNetwork here (docs/decisions/010-matching.md): from a single source
// every phase's Dijkstra must settle almost the whole network (157 phases for 557 pairs on the
// benchmark), while a search from one row only settles nodes on alternating paths cheaper than
// its best way to the sink — usually a handful. Potentials move only for the settled nodes (the
// update π(v) += min(d(v), D) shifted by the constant −D, which leaves reduced costs unchanged),
// and the search arrays are reset only where touched, so a step costs what it explores.
import { MinHeap } from './heap.ts';

export interface TransportationProblem {
  rows: number;
  columns: number;
  /** Most units per column. */
  capacity: ArrayLike<number>;
  /** Arc a: row arcRow[a] → column arcColumn[a] at integer cost arcCost[a]. */
  arcRow: Int32Array;
  arcColumn: Int32Array;
  arcCost: Float64Array;
}

export interface TransportationResult {
  /** Per row: the arc it uses, or −1 when it stays without a partner. */
  rowArc: Int32Array;
  /** Σ cost over the arcs used, an integer. */
  cost: number;
  /** Units sent along arcs (rows given a column). */
  assigned: number;
  /** Dijkstra searches (one per row that has at least one arc). */
  searches: number;
}

const UNMATCHED = -1;
const NONE = -2;

export function solveTransportation(problem: TransportationProblem): TransportationResult {
  const S = prepare(problem);
  const { rows, rowStart, rowArc } = S;
  let searches = 0;
  for (let r0 = 0; r0 < rows; r0++) {
    if ((rowStart[r0 + 1] as number) === (rowStart[r0] as number)) {
      rowArc[r0] = UNMATCHED; // no arc at all: nothing to search
      continue;
    }
    search(S, r0, ++searches);
  }
  let cost = 0;
  let assigned = 0;
  for (let r = 0; r < rows; r++) {
    const a = rowArc[r] as number;
    if (a >= 0) {
      cost += problem.arcCost[a] as number;
      assigned++;
    }
  }
  return { rowArc, cost, assigned, searches };
}

/** The solver's state: nodes are rows 0..rows−1, columns rows.., the sink rows + columns. */
interface State {
  rows: number;
  sink: number;
  capacity: ArrayLike<number>;
  arcRow: Int32Array;
  arcColumn: Int32Array;
  arcCost: Float64Array;
  /** The arcs leaving row r: rowArcs[rowStart[r] .. rowStart[r+1]); entering column c alike. */
  rowStart: Int32Array;
  rowArcs: Int32Array;
  colStart: Int32Array;
  colArcs: Int32Array;
  potential: Float64Array;
  /** The arc row r uses, UNMATCHED, or NONE before its search. */
  rowArc: Int32Array;
  load: Int32Array;
  dist: Float64Array;
  /** dist[v] is valid when stamp[v] is the current search; settled alike. */
  stamp: Int32Array;
  settled: Int32Array;
  predNode: Int32Array;
  /** The pair arc into v on the search tree, or −1 for an arc into the sink. */
  predArc: Int32Array;
  settledList: Int32Array;
  heap: MinHeap;
}

function prepare(problem: TransportationProblem): State {
  const { rows, columns, capacity, arcRow, arcColumn, arcCost } = problem;
  const arcs = arcRow.length;
  const sink = rows + columns;
  const nodes = sink + 1;
  // Adjacency in compressed form: the arcs leaving each row, the arcs entering each column.
  const rowStart = new Int32Array(rows + 1);
  const colStart = new Int32Array(columns + 1);
  for (let a = 0; a < arcs; a++) {
    const r = (arcRow[a] as number) + 1;
    const c = (arcColumn[a] as number) + 1;
    rowStart[r] = (rowStart[r] as number) + 1;
    colStart[c] = (colStart[c] as number) + 1;
  }
  for (let r = 0; r < rows; r++) {
    rowStart[r + 1] = (rowStart[r + 1] as number) + (rowStart[r] as number);
  }
  for (let c = 0; c < columns; c++) {
    colStart[c + 1] = (colStart[c + 1] as number) + (colStart[c] as number);
  }
  const rowArcs = new Int32Array(arcs);
  const colArcs = new Int32Array(arcs);
  const rowFill = rowStart.slice(0, rows);
  const colFill = colStart.slice(0, columns);
  for (let a = 0; a < arcs; a++) {
    const r = arcRow[a] as number;
    const c = arcColumn[a] as number;
    rowArcs[rowFill[r] as number] = a;
    colArcs[colFill[c] as number] = a;
    rowFill[r] = (rowFill[r] as number) + 1;
    colFill[c] = (colFill[c] as number) + 1;
  }
  // Initial potentials making every reduced cost ≥ 0 at the zero flow: π(row) = 0,
  // π(column) = its cheapest entering arc (or 0), π(sink) = min(0, min over columns).
  const potential = new Float64Array(nodes);
  let sinkPotential = 0;
  for (let c = 0; c < columns; c++) {
    let least = 0;
    for (let k = colStart[c] as number; k < (colStart[c + 1] as number); k++) {
      least = Math.min(least, arcCost[colArcs[k] as number] as number);
    }
    potential[rows + c] = least;
    sinkPotential = Math.min(sinkPotential, least);
  }
  potential[sink] = sinkPotential;
  return {
    rows,
    sink,
    capacity,
    arcRow,
    arcColumn,
    arcCost,
    rowStart,
    rowArcs,
    colStart,
    colArcs,
    potential,
    rowArc: new Int32Array(rows).fill(NONE),
    load: new Int32Array(columns),
    dist: new Float64Array(nodes),
    stamp: new Int32Array(nodes),
    settled: new Int32Array(nodes),
    predNode: new Int32Array(nodes),
    predArc: new Int32Array(nodes),
    settledList: new Int32Array(nodes),
    heap: new MinHeap(64),
  };
}

/** One step: Dijkstra from row r0 to the sink, new potentials, one unit along the path. */
function search(S: State, r0: number, id: number) {
  const { rows, sink, rowArc, potential, dist, stamp, settled, settledList, heap } = S;
  let settledCount = 0;
  heap.clear();
  dist[r0] = 0;
  stamp[r0] = id;
  heap.push(r0, 0);
  let sinkDist = Infinity;
  while (heap.size > 0) {
    const key = heap.topKey();
    const u = heap.pop();
    if (settled[u] === id || key > (dist[u] as number)) continue;
    settled[u] = id;
    if (u === sink) {
      sinkDist = key;
      break;
    }
    settledList[settledCount++] = u;
    if (u < rows) scanRow(S, u, key, id);
    else scanColumn(S, u, key, id);
  }
  // The sink is always reachable (r0 → sink), so sinkDist is finite here.
  for (let i = 0; i < settledCount; i++) {
    const v = settledList[i] as number;
    potential[v] = (potential[v] as number) + (dist[v] as number) - sinkDist;
  }
  // Augment one unit, walking back from the sink.
  const { predNode, predArc, load } = S;
  let v = sink;
  while (v !== r0) {
    const u = predNode[v] as number;
    if (v === sink) {
      if (u < rows) rowArc[u] = UNMATCHED;
      else load[u - rows] = (load[u - rows] as number) + 1;
    } else if (u < rows) {
      rowArc[u] = predArc[v] as number; // a forward arc row → column: the row now uses it
    } // else a reverse arc column → row: that row's new arc was set one step nearer the sink
    v = u;
  }
}

/** A row's residual arcs: its arcs other than the one it uses, and "no partner" unless so. */
function scanRow(S: State, u: number, du: number, id: number) {
  const { rows, rowStart, rowArcs, arcColumn, arcCost, potential, settled } = S;
  const used = S.rowArc[u] as number;
  const pu = potential[u] as number;
  for (let k = rowStart[u] as number; k < (rowStart[u + 1] as number); k++) {
    const a = rowArcs[k] as number;
    if (a === used) continue;
    const v = rows + (arcColumn[a] as number);
    if (settled[v] === id) continue;
    relax(S, u, v, a, du + (arcCost[a] as number) + pu - (potential[v] as number), id);
  }
  if (used !== UNMATCHED) relax(S, u, S.sink, -1, du + pu - (potential[S.sink] as number), id);
}

/** A column's residual arcs: to the sink if it has room, back to each row it holds. */
function scanColumn(S: State, u: number, du: number, id: number) {
  const { rows, colStart, colArcs, arcRow, arcCost, potential, settled, rowArc } = S;
  const c = u - rows;
  const pu = potential[u] as number;
  if ((S.load[c] as number) < (S.capacity[c] as number)) {
    relax(S, u, S.sink, -1, du + pu - (potential[S.sink] as number), id);
  }
  for (let k = colStart[c] as number; k < (colStart[c + 1] as number); k++) {
    const a = colArcs[k] as number;
    const v = arcRow[a] as number;
    if (rowArc[v] !== a || settled[v] === id) continue;
    relax(S, u, v, a, du - (arcCost[a] as number) + pu - (potential[v] as number), id);
  }
}

function relax(S: State, u: number, v: number, arc: number, nd: number, id: number) {
  if (S.stamp[v] !== id || nd < (S.dist[v] as number)) {
    S.stamp[v] = id;
    S.dist[v] = nd;
    S.predNode[v] = u;
    S.predArc[v] = arc;
    S.heap.push(v, nd);
  }
}
