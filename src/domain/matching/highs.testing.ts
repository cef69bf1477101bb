// The independent exact solver for the tests and the benchmark: HiGHS (npm `highs`, a dev
// dependency), given the same network as an LP in CPLEX format.
import type { FlowNetwork } from './min-cost-flow.ts';
import { toCplexLp } from './lp-format.ts';

type Highs = { solve(lp: string, options?: Record<string, unknown>): HighsOutcome };
interface HighsOutcome {
  Status: string;
  ObjectiveValue: number;
  Columns: Record<string, { Primal: number }>;
}

let loaded: Promise<Highs> | undefined;

export function loadHighs(): Promise<Highs> {
  loaded ??= import('highs').then((m) => m.default() as Promise<Highs>);
  return loaded;
}

export interface HighsFlow {
  objective: number;
  /** Flow on arc i (addArc's index). */
  flows: Float64Array;
}

export async function solveWithHighs(
  net: FlowNetwork,
  source: number,
  sink: number,
  options: { integer?: boolean } = {},
): Promise<HighsFlow> {
  const highs = await loadHighs();
  const result = highs.solve(toCplexLp(net, source, sink, options), { output_flag: false });
  if (result.Status !== 'Optimal') throw new Error(`HiGHS: ${result.Status}`);
  const flows = new Float64Array(net.arcs);
  for (let i = 0; i < net.arcs; i++) flows[i] = result.Columns[`x${i}`]?.Primal ?? 0;
  return { objective: result.ObjectiveValue, flows };
}
