// The diagnostics as tables (issue #4 "Exports"): the same figures the pages show, as rows for
// CSV downloads and `tandem report`. Every cell is text; CSV cells a spreadsheet would run as a
// formula get a leading quote (src/domain/shared/csv-safety.ts).
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../db/connection.ts';
import type { Actor } from '../domain/access/access.ts';
import { findDemographicPeers, rankAmongPeers } from '../domain/diagnostics/peers.ts';
import { escapeFormula } from '../domain/shared/csv-safety.ts';
import { loadDiagnosticData } from './diagnostics-data.ts';
import {
  DISTRICT_PEER_COUNT,
  PEERS_METHOD,
  assertCanView,
  chooseYear,
  yearsWith,
  type OutcomeKey,
} from './diagnostics-shared.ts';
import { getDistrictDiagnostics, type DiagnosticsQuery } from './diagnostics.ts';
import { getIdentificationRun } from './identifications.ts';
import { measureLabel } from '../domain/diagnostics/format.ts';
import { DEFAULT_MINIMUM_N } from '../domain/shared/suppression.ts';

export interface ReportTable {
  title: string;
  /** Method, source and n, printed under the table. */
  notes: string[];
  columns: string[];
  rows: string[][];
}

const num = (v: number | null, digits = 1) => (v === null ? '' : v.toFixed(digits));
const CLASS_WORDS = {
  beating_the_odds: 'Beating the odds',
  as_expected: 'As expected',
  below_expectation: 'Below expectation',
  not_rated: 'Not rated',
} as const;

/** Every school: need, poverty, actual, expected, residual, classification, identification. */
export async function diagnosticsTable(
  db: Db,
  actor: Actor,
  query: DiagnosticsQuery = {},
): Promise<ReportTable> {
  const d = await getDistrictDiagnostics(db, actor, query);
  return {
    title: `${d.district.name}: ${d.outcome.label} against poverty, ${d.year ?? 'no year'}`,
    notes: [d.methods.regression, d.methods.identification, d.methods.needIndex, d.outcome.source],
    columns: [
      'school_id',
      'school',
      'level',
      'title_i',
      'need_index',
      'pct_econ_disadv',
      'actual',
      'expected',
      'residual',
      'avg_residual',
      'p_value',
      'classification',
      'identified',
      'designations',
      'tier',
      'reasons',
    ],
    rows: d.schools.map((s) => [
      s.id,
      s.name,
      s.level,
      s.isTitleI === null ? '' : s.isTitleI ? 'Y' : 'N',
      num(s.needIndex, 0),
      num(s.econDisadv),
      num(s.actual),
      num(s.expected),
      num(s.residual),
      num(s.averageResidual),
      num(s.pValue, 3),
      CLASS_WORDS[s.classification],
      s.identification.identified ? 'Y' : 'N',
      [...new Set(s.identification.designations.map((x) => x.designation))].join(' '),
      s.identification.tier ?? '',
      s.identification.reasons.join(' '),
    ]),
  };
}

/** The identified schools only (the `identification` report). */
export async function identificationTable(
  db: Db,
  actor: Actor,
  query: DiagnosticsQuery = {},
): Promise<ReportTable> {
  const d = await getDistrictDiagnostics(db, actor, query);
  return {
    title: `${d.district.name}: ${d.ruleSet.name}, ${d.year ?? 'no year'} (${d.counts.identified} of ${d.counts.schools} identified)`,
    notes: [d.methods.identification],
    columns: ['school_id', 'school', 'identified', 'designations', 'tier', 'reasons'],
    rows: d.schools
      .filter((s) => s.identification.identified || s.identification.tier !== null)
      .sort((a, b) => Number(b.identification.identified) - Number(a.identification.identified))
      .map((s) => [
        s.id,
        s.name,
        s.identification.identified ? 'Y' : 'N',
        [...new Set(s.identification.designations.map((x) => x.designation))].join(' '),
        s.identification.tier ?? '',
        s.identification.reasons.join(' '),
      ]),
  };
}

/** Every school's standing among its demographic peers and its nearest peers. */
export async function peersTable(
  db: Db,
  actor: Actor,
  query: { year?: number; outcome?: OutcomeKey } = {},
): Promise<ReportTable> {
  assertCanView(actor);
  const data = await loadDiagnosticData(db, actor.districtId);
  const outcome = query.outcome ?? 'spg_score';
  const year = chooseYear(data.years, yearsWith(data.rows, outcome, DEFAULT_MINIMUM_N), query.year);
  const current = data.rows.filter((r) => r.year === year);
  const sets = findDemographicPeers(current, { k: DISTRICT_PEER_COUNT });
  const standings = rankAmongPeers(current, sets, {
    measure: outcome,
    minimumN: DEFAULT_MINIMUM_N,
  });
  const name = (id: string) => data.schools.get(id)?.name ?? id;
  return {
    title: `Schools like mine: ${measureLabel(outcome)}, ${year ?? 'no year'}`,
    notes: [PEERS_METHOD],
    columns: [
      'school_id',
      'school',
      'value',
      'rank',
      'of',
      'percentile',
      'peer_median',
      'nearest_peers',
    ],
    rows: sets
      .map((set, i) => {
        const s = standings[i];
        return [
          set.schoolId,
          name(set.schoolId),
          num(s?.value ?? null),
          s?.rank === null || s === undefined ? '' : String(s.rank),
          s === undefined ? '' : String(s.of),
          num(s?.percentile ?? null, 0),
          num(s?.peerMedian ?? null),
          set.peerIds.slice(0, 5).map(name).join('; '),
        ];
      })
      .sort((a, b) => (a[1] ?? '').localeCompare(b[1] ?? '')),
  };
}

/** A recorded run, exactly as recorded. */
export async function identificationRunTable(
  db: Db,
  actor: Actor,
  runId: string,
): Promise<ReportTable> {
  const run = await getIdentificationRun(db, actor, runId);
  return {
    title: `${run.ruleSetName}, ${run.year}, recorded ${run.runAt}`,
    notes: [run.method],
    columns: ['school_id', 'school', 'identified', 'designations', 'tier', 'reasons'],
    rows: run.results.map((r) => [
      r.schoolId,
      r.schoolName,
      r.identified ? 'Y' : 'N',
      [...new Set(r.designations.map((x) => x.designation))].join(' '),
      r.tier ?? '',
      r.reasons.join(' '),
    ]),
  };
}

/** The table as CSV, formula-like cells escaped. */
export function toCsv(table: ReportTable): string {
  return stringify([table.columns, ...table.rows.map((row) => row.map(escapeFormula))]);
}
