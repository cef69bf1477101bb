import { describe, expect, it } from 'vitest';
import { FlowNetwork } from './min-cost-flow.ts';
import { solveWithHighs } from './highs.testing.ts';
import { createRandom } from './random.ts';

describe('FlowNetwork.solve', () => {
  it('finds the hand-checked optimum of a small assignment', () => {
    // Two workers (1, 2), two jobs (3, 4). Costs: 1→3 = −4, 1→4 = −3, 2→3 = −5, 2→4 = −1.
    // Best: 1→4 and 2→3, total −8 (1→3 with 2→4 gives only −5).
    const net = new FlowNetwork(6);
    net.addArc(0, 1, 1, 0);
    net.addArc(0, 2, 1, 0);
    const a13 = net.addArc(1, 3, 1, -4);
    const a14 = net.addArc(1, 4, 1, -3);
    const a23 = net.addArc(2, 3, 1, -5);
    const a24 = net.addArc(2, 4, 1, -1);
    net.addArc(3, 5, 1, 0);
    net.addArc(4, 5, 1, 0);
    const r = net.solve(0, 5);
    expect(r.cost).toBe(-8);
    expect(r.flow).toBe(2);
    expect([a13, a14, a23, a24].map((a) => r.flowOn(a))).toEqual([0, 1, 1, 0]);
  });

  it('sends nothing along paths that cost more than they gain, unless asked for the most flow', () => {
    const build = () => {
      const net = new FlowNetwork(3);
      net.addArc(0, 1, 2, -3);
      net.addArc(1, 2, 1, 1);
      net.addArc(1, 2, 1, 5);
      return net;
    };
    expect(build().solve(0, 2)).toMatchObject({ flow: 1, cost: -2 });
    expect(build().solve(0, 2, { stopWhenNotImproving: false })).toMatchObject({
      flow: 2,
      cost: 0,
    });
  });

  it('re-routes earlier flow along reverse arcs when that is cheaper', () => {
    // The first path takes 1→3; the second must undo it (via the reverse arc) so both units fit.
    const net = new FlowNetwork(5);
    net.addArc(0, 1, 1, 0);
    net.addArc(0, 2, 1, 0);
    net.addArc(1, 3, 1, -10);
    net.addArc(1, 4, 1, -9);
    net.addArc(2, 3, 1, -9);
    net.addArc(3, 4, 0, 0);
    const sink = 4;
    net.addArc(3, sink, 1, 0);
    const r = net.solve(0, sink);
    expect(r.cost).toBe(-18);
  });

  it('matches HiGHS on random transportation networks of several sizes', async () => {
    for (const [size, seed] of [
      [5, 1],
      [20, 2],
      [60, 3],
      [150, 4],
    ] as const) {
      const rand = createRandom(seed);
      const left = size;
      const right = Math.max(2, Math.round(size / 2));
      const source = 0;
      const sink = left + right + 1;
      const net = new FlowNetwork(sink + 1);
      for (let i = 1; i <= left; i++) net.addArc(source, i, 1 + rand.int(2), 0);
      for (let j = 1; j <= right; j++) net.addArc(left + j, sink, 1 + rand.int(3), 0);
      for (let i = 1; i <= left; i++) {
        for (let j = 1; j <= right; j++) {
          if (rand.next() < 0.3) net.addArc(i, left + j, 1 + rand.int(2), rand.int(200) - 150);
        }
      }
      const ours = net.solve(source, sink);
      const theirs = await solveWithHighs(net, source, sink);
      expect(ours.cost, `size ${size}`).toBeCloseTo(theirs.objective, 6);
    }
  });
});
