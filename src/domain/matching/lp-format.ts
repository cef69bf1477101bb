// A flow network written as a linear programme in CPLEX LP format, so that an independent exact
// solver (HiGHS, in the tests and the benchmark) can solve the same instance: minimise Σ cost·x
// over the arcs, flow conservation at every node but the source and the sink, 0 ≤ x ≤ capacity.
// The constraint matrix is a node–arc incidence matrix, totally unimodular, so the LP optimum
// is integral and equals the integer optimum (AMO "Network Flows" §11.11); `integer: true`
// declares the variables General anyway, for a MIP solve of the very same model.
import type { FlowNetwork } from './min-cost-flow.ts';

const TERMS_PER_LINE = 50;

export function toCplexLp(
  net: FlowNetwork,
  source: number,
  sink: number,
  options: { integer?: boolean } = {},
): string {
  const inArcs: number[][] = Array.from({ length: net.nodeCount }, () => []);
  const outArcs: number[][] = Array.from({ length: net.nodeCount }, () => []);
  const objective: string[] = [];
  const bounds: string[] = [];
  for (let i = 0; i < net.arcs; i++) {
    const a = net.arc(i);
    outArcs[a.from]?.push(i);
    inArcs[a.to]?.push(i);
    objective.push(`${a.cost < 0 ? '-' : '+'} ${Math.abs(a.cost)} x${i}`);
    bounds.push(` 0 <= x${i} <= ${a.capacity}`);
  }
  const lines = ['Minimize', ' obj:'];
  append(lines, wrap(objective));
  lines.push('Subject To');
  for (let v = 0; v < net.nodeCount; v++) {
    if (v === source || v === sink) continue;
    const terms = [
      ...(inArcs[v] ?? []).map((i) => `+ x${i}`),
      ...(outArcs[v] ?? []).map((i) => `- x${i}`),
    ];
    if (terms.length === 0) continue;
    lines.push(` n${v}:`);
    append(lines, wrap(terms));
    lines.push('  = 0');
  }
  lines.push('Bounds');
  append(lines, bounds);
  if (options.integer && net.arcs > 0) {
    lines.push('Generals');
    append(lines, wrap(Array.from({ length: net.arcs }, (_, i) => `x${i}`)));
  }
  lines.push('End');
  return lines.join('\n');
}

// Pushed one by one: spreading a 100,000-element array into push() overflows the call stack.
function append(lines: string[], more: readonly string[]) {
  for (const line of more) lines.push(line);
}

function wrap(terms: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < terms.length; i += TERMS_PER_LINE) {
    out.push(`  ${terms.slice(i, i + TERMS_PER_LINE).join(' ')}`);
  }
  return out;
}
