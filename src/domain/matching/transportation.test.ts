import { describe, expect, it } from 'vitest';
import { generatePartnerInstance } from './generate.ts';
import { solveWithHighs } from './highs.testing.ts';
import { FlowNetwork } from './min-cost-flow.ts';
import {
  DEFAULT_PARTNER_SETTINGS,
  buildPartnerNetwork,
  listCandidatePairs,
  preparePartnerProblem,
  type PartnerSettings,
} from './partners.ts';
import { createRandom } from './random.ts';
import { solveTransportation, type TransportationProblem } from './transportation.ts';

/** The same problem as the undivided network source → row → column → sink, solved by FlowNetwork. */
function asNetwork(p: TransportationProblem) {
  const sink = p.rows + p.columns + 1;
  const net = new FlowNetwork(sink + 1, p.rows + p.columns + p.arcRow.length);
  for (let r = 0; r < p.rows; r++) net.addArc(0, 1 + r, 1, 0);
  for (let c = 0; c < p.columns; c++) net.addArc(1 + p.rows + c, sink, p.capacity[c] ?? 0, 0);
  for (let a = 0; a < p.arcRow.length; a++) {
    net.addArc(1 + (p.arcRow[a] ?? 0), 1 + p.rows + (p.arcColumn[a] ?? 0), 1, p.arcCost[a] ?? 0);
  }
  return { net, sink };
}

function randomProblem(seed: number): TransportationProblem {
  const rand = createRandom(seed);
  const rows = 1 + rand.int(40);
  const columns = 1 + rand.int(30);
  const arcRow: number[] = [];
  const arcColumn: number[] = [];
  const arcCost: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      if (rand.next() >= 0.15) continue;
      arcRow.push(r);
      arcColumn.push(c);
      // Mostly gains, some losses (never worth taking alone), many ties.
      arcCost.push(rand.int(60) - 45);
    }
  }
  return {
    rows,
    columns,
    capacity: Float64Array.from({ length: columns }, () => rand.int(4)),
    arcRow: Int32Array.from(arcRow),
    arcColumn: Int32Array.from(arcColumn),
    arcCost: Float64Array.from(arcCost),
  };
}

describe('solveTransportation', () => {
  it('gives the optimum of the undivided min-cost flow network on random problems', async () => {
    for (let seed = 1; seed <= 60; seed++) {
      const p = randomProblem(seed);
      const ours = solveTransportation(p);
      const { net, sink } = asNetwork(p);
      const flow = net.solve(0, sink);
      expect(ours.cost, `seed ${seed}`).toBe(flow.cost);
      // A feasible assignment: each row one arc of its own, columns within capacity.
      const load = new Map<number, number>();
      let cost = 0;
      ours.rowArc.forEach((a, r) => {
        if (a < 0) return;
        expect(p.arcRow[a]).toBe(r);
        const c = p.arcColumn[a] ?? -1;
        load.set(c, (load.get(c) ?? 0) + 1);
        cost += p.arcCost[a] ?? 0;
      });
      for (const [c, used] of load) expect(used).toBeLessThanOrEqual(p.capacity[c] ?? 0);
      expect(cost).toBe(ours.cost);
      if (seed % 6 === 0) {
        const highs = await solveWithHighs(net, 0, sink);
        expect(ours.cost, `seed ${seed} (HiGHS)`).toBeCloseTo(highs.objective, 6);
      }
    }
  });

  it('solves partner instances to the objective of the network given to HiGHS', () => {
    for (let seed = 200; seed < 230; seed++) {
      const rand = createRandom(seed);
      const inst = generatePartnerInstance({
        needing: 10 + rand.int(120),
        strong: 5 + rand.int(90),
        seed,
      });
      for (const coverage of ['all_possible', 'best_fit_only'] as const) {
        const settings: PartnerSettings = {
          ...DEFAULT_PARTNER_SETTINGS,
          coverage,
          travelLimit: { kind: 'km', km: 6 + rand.int(15) },
        };
        const problem = preparePartnerProblem(inst.needing, inst.strong, settings);
        const ours = solveTransportation(problem);
        const candidates = listCandidatePairs(inst.needing, inst.strong, settings);
        const capacity = new Map(inst.strong.map((s) => [s.id, s.capacity]));
        const built = buildPartnerNetwork(
          inst.needing,
          inst.strong,
          candidates,
          capacity,
          coverage,
        );
        const flow = built.net.solve(built.source, built.sink);
        // Under 'best_fit_only' arc costs are scaled by W = rows + 1 plus 1 per pair (fewest
        // pairs among the optima, as the network's stop at the first path of cost ≥ 0 gives).
        const w = coverage === 'best_fit_only' ? inst.needing.length + 1 : 1;
        const tie = coverage === 'best_fit_only' ? ours.assigned : 0;
        expect((ours.cost - tie) / w, `${seed} ${coverage}`).toBe(flow.cost);
        expect(ours.assigned, `${seed} ${coverage}`).toBe(flow.flow);
      }
    }
  });
});
