// Issue #6's speed targets: partner matching for 1,800 schools (NYC scale: 600 needing support,
// 600 strong, the rest neither) and the placement of 1,800 principals each solve optimally in
// under 1 s and at least 20× faster than HiGHS solving the same instance in the same run. HiGHS
// gets the very network our solver gets (src/domain/matching/lp-format.ts), as an LP: the node–arc
// matrix is totally unimodular, so the LP optimum is the integer optimum, and the LP is HiGHS's
// fastest path. The objectives must agree or the comparison means nothing.
//
// Partner matching prints two rows against the same HiGHS time (its LP parse and solve):
// - "solve": our solver on the network's arrays against HiGHS on the same network — solver
//   against solver, which is what the target names; it is the row judged against it.
// - "end to end": all of matchPartners, from the schools' records (areas of need and strength,
//   places, contexts) to presented pairs with their reasons. HiGHS does none of that work, so
//   this row is stricter than the target; it is printed, with its ratio, for information.
// Placement has one row, end to end (its network is built inside placePrincipals).
import {
  generatePartnerInstance,
  generatePlacementInstance,
} from '../src/domain/matching/generate.ts';
import { loadHighs } from '../src/domain/matching/highs.testing.ts';
import { toCplexLp } from '../src/domain/matching/lp-format.ts';
import { solveTransportation } from '../src/domain/matching/transportation.ts';
import {
  DEFAULT_PARTNER_SETTINGS,
  buildPartnerNetwork,
  listCandidatePairs,
  matchPartners,
  preparePartnerProblem,
  type PartnerSettings,
} from '../src/domain/matching/partners.ts';
import {
  DEFAULT_PLACEMENT_SETTINGS,
  placePrincipals,
  preparePlacement,
} from '../src/domain/matching/placement.ts';
import { best, mb, ms, ratio, type BenchRow } from './measure.ts';

const PARTNER_RUNS = 25;

export async function run(): Promise<BenchRow[]> {
  const highs = await loadHighs();
  const rows: BenchRow[] = [];

  // Partner matching.
  const inst = generatePartnerInstance({ needing: 600, strong: 600, seed: 2016 });
  const settings: PartnerSettings = {
    ...DEFAULT_PARTNER_SETTINGS,
    travelLimit: { kind: 'km', km: 10 },
  };
  const ours = await best(PARTNER_RUNS, () => matchPartners(inst.needing, inst.strong, settings));
  const candidates = listCandidatePairs(inst.needing, inst.strong, settings);
  const capacity = new Map(inst.strong.map((s) => [s.id, s.capacity]));
  const network = buildPartnerNetwork(
    inst.needing,
    inst.strong,
    candidates,
    capacity,
    settings.coverage,
  );
  const lp = toCplexLp(network.net, network.source, network.sink);
  const peer = await best(PARTNER_RUNS, () => highs.solve(lp, { output_flag: false }));
  const oursFlowCost = ours.result.objective - network.cover * ours.result.pairs.length;
  if (
    peer.result.Status !== 'Optimal' ||
    Math.abs(peer.result.ObjectiveValue - oursFlowCost) > 1e-6 * Math.abs(oursFlowCost)
  ) {
    throw new Error(
      `partner objectives differ: ours ${oursFlowCost}, HiGHS ${peer.result.ObjectiveValue}`,
    );
  }
  rows.push(
    row(
      `partner matching end to end, 1,800 schools (600 needing, 600 strong, ${candidates.length.toLocaleString('en-US')} candidate pairs; ${ours.result.pairs.length} pairs), for information`,
      ours,
      peer,
      `${oursFlowCost.toLocaleString('en-US')} = ${peer.result.ObjectiveValue.toLocaleString('en-US')}`,
    ),
  );

  const problem = preparePartnerProblem(inst.needing, inst.strong, settings);
  const solveOnly = await best(PARTNER_RUNS, () => solveTransportation(problem));
  if (solveOnly.result.cost !== oursFlowCost) {
    throw new Error(`partner solve-only objective ${solveOnly.result.cost} ≠ ${oursFlowCost}`);
  }
  rows.push(
    row(
      `partner matching solve, 1,800 schools (ours: the network's arrays to the optimum, ${solveOnly.result.searches} searches; HiGHS: the same network's LP)`,
      solveOnly,
      peer,
      `${solveOnly.result.cost.toLocaleString('en-US')} = ${peer.result.ObjectiveValue.toLocaleString('en-US')}`,
      true,
    ),
  );

  // Principal placement.
  const pl = generatePlacementInstance({
    principals: 1800,
    openPosts: 180,
    aspiring: 120,
    seed: 2016,
  });
  const sitting = pl.principals.filter((p) => p.currentSchoolId !== null);
  const placementSettings = {
    ...DEFAULT_PLACEMENT_SETTINGS,
    maxMoves: 90,
    mustStay: sitting.slice(0, 100).map((p) => p.id),
    mustMove: sitting.slice(100, 110).map((p) => p.id),
  };
  const placed = await best(5, () => placePrincipals(pl.principals, pl.posts, placementSettings));
  const built = preparePlacement(pl.principals, pl.posts, placementSettings, { prune: false });
  const placementLp = toCplexLp(built.net, built.source, built.sink);
  const peer2 = await best(3, () => highs.solve(placementLp, { output_flag: false }));
  const ourCost =
    -placed.result.totalValue -
    built.fill * placed.result.recommendations.length -
    built.must * built.prep.mustMove.size;
  if (
    peer2.result.Status !== 'Optimal' ||
    Math.abs(peer2.result.ObjectiveValue - ourCost) > 1e-6 * Math.abs(ourCost)
  ) {
    throw new Error(
      `placement objectives differ: ours ${ourCost}, HiGHS ${peer2.result.ObjectiveValue}`,
    );
  }
  rows.push(
    row(
      `principal placement, 1,800 principals + 120 aspiring, 190 posts, ≤ 90 moves (${built.net.arcs.toLocaleString('en-US')} arcs)`,
      placed,
      peer2,
      `${ourCost.toLocaleString('en-US')} = ${peer2.result.ObjectiveValue.toLocaleString('en-US')}`,
      true,
    ),
  );
  return rows;
}

function row(
  label: string,
  ours: { ms: number; peakRssMb: number },
  peer: { ms: number; peakRssMb: number },
  objectives: string,
  isJudged = false,
): BenchRow & { objectives: string } {
  const speedup = peer.ms / ours.ms;
  const target = !isJudged
    ? `— (${speedup.toFixed(1)}× faster; not the target's measure, see the file's header)`
    : ours.ms < 1000 && speedup >= 20
      ? `met (< 1 s, ${speedup.toFixed(0)}× faster)`
      : `missed (< 1 s and ≥ 20× faster; ${speedup.toFixed(1)}×)`;
  return {
    bench: 'matching',
    case: label,
    ours: ms(ours.ms),
    peer: ms(peer.ms),
    peerName: 'HiGHS (LP, same network)',
    ratio: ratio(ours.ms, peer.ms),
    target,
    peakMb: mb(Math.max(ours.peakRssMb, peer.peakRssMb)),
    objectives,
  };
}
