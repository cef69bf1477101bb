// Issue #4's speed targets: the whole diagnostics (need index, one rule set, the regression,
// peers, gaps, trends, pockets) on a generated state of 9,000 schools × 10 years under 2 s, and
// the aggregates they rest on within 1.5× of DuckDB computing the same aggregates on the same
// rows in the same run.
import { DuckDBInstance } from '@duckdb/node-api';
import { generateSyntheticState } from '../src/domain/diagnostics/generate.ts';
import { computeDiagnostics } from '../src/domain/diagnostics/overview.ts';
import { federalEssaPreset } from '../src/domain/diagnostics/rule-set.ts';
import { aggregateOutcomes, type OutcomeColumns } from '../src/domain/diagnostics/aggregates.ts';
import type { SchoolYearFigures } from '../src/domain/diagnostics/types.ts';
import { best, mb, ms, ratio, type BenchRow } from './measure.ts';

const OUTCOME = 'achievement_score';
const POVERTY = 'pct_econ_disadv';

const LEVELS = ['elementary', 'middle', 'high', 'combined', 'other'] as const;

/** The rows both engines aggregate: one per school-year with a reported outcome and poverty. */
function flatten(rows: readonly SchoolYearFigures[]): OutcomeColumns {
  const kept = rows.filter(
    (r) => r.values[OUTCOME]?.status === 'reported' && r.values[POVERTY]?.status === 'reported',
  );
  return {
    year: Int32Array.from(kept, (r) => r.year),
    level: Uint8Array.from(kept, (r) => LEVELS.indexOf(r.level)),
    titleI: Uint8Array.from(kept, (r) => (r.isTitleI ? 1 : 0)),
    outcome: Float64Array.from(kept, (r) => r.values[OUTCOME]?.value ?? 0),
    poverty: Float64Array.from(kept, (r) => r.values[POVERTY]?.value ?? 0),
  };
}

async function duckAggregates(f: OutcomeColumns) {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await conn.run(
    'create table sy (year integer, level varchar, title_i boolean, outcome double, poverty double)',
  );
  const appender = await conn.createAppender('sy');
  for (let i = 0; i < f.year.length; i++) {
    appender.appendInteger(f.year[i] ?? 0);
    appender.appendVarchar(LEVELS[f.level[i] ?? 4] ?? 'other');
    appender.appendBoolean(f.titleI[i] === 1);
    appender.appendDouble(f.outcome[i] ?? 0);
    appender.appendDouble(f.poverty[i] ?? 0);
    appender.endRow();
  }
  appender.closeSync();
  const query = async () => {
    const groups = await conn.runAndReadAll(
      'select year, level, count(*), avg(outcome) from sy group by year, level',
    );
    const fits =
      await conn.runAndReadAll(`select year, regr_slope(outcome, poverty), regr_intercept(outcome, poverty),
      regr_r2(outcome, poverty), quantile_disc(outcome, 0.05) filter (where title_i) from sy group by year`);
    return { groups: groups.getRows().length, fits: fits.getRows() };
  };
  return { query, close: () => conn.closeSync() };
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const state = generateSyntheticState({ schools: 9000, years: 10, seed: 7, withGroups: true });
  const year = Math.max(...state.map((r) => r.year));
  const ruleSet = federalEssaPreset();
  const whole = await best(3, () => computeDiagnostics(state, { year, ruleSet, outcome: OUTCOME }));
  rows.push({
    bench: 'diagnostics',
    case: 'whole diagnostics, 9,000 schools × 10 years',
    ours: ms(whole.ms),
    peer: '—',
    peerName: '(target < 2,000 ms)',
    ratio: '—',
    target: whole.ms < 2000 ? 'met' : 'missed',
    peakMb: mb(whole.peakRssMb),
  });

  const flat = flatten(state);
  const duck = await duckAggregates(flat);
  const ours = await best(5, () => aggregateOutcomes(flat));
  const peer = await best(5, () => duck.query());
  // Same answers, or the comparison means nothing.
  const a = ours.result.find((f) => f.year === year);
  const b = peer.result.fits.find((r) => Number(r[0]) === year);
  if (!a || !b || Math.abs(a.slope - Number(b[1])) > 1e-6 || a.titleICut !== Number(b[4])) {
    throw new Error('our aggregates and DuckDB’s differ');
  }
  const ourGroups = ours.result.reduce((s, y) => s + y.levelMeans.size, 0);
  if (ourGroups !== peer.result.groups) throw new Error('group counts differ');
  duck.close();
  rows.push({
    bench: 'diagnostics',
    case: `aggregates (means by year×level, OLS, 5% cut), ${flat.year.length.toLocaleString('en-US')} rows`,
    ours: ms(ours.ms),
    peer: ms(peer.ms),
    peerName: 'DuckDB',
    ratio: ratio(ours.ms, peer.ms),
    target: ours.ms <= 1.5 * peer.ms ? 'met (≤ 1.5×)' : 'missed (≤ 1.5×)',
    peakMb: mb(Math.max(ours.peakRssMb, peer.peakRssMb)),
  });
  return rows;
}
