// The diagnostics as tables (issue #4 "Exports"): the same figures the pages show, built once as
// an ExportTable (services/exports/table.ts) and written as CSV, XLSX or a `tandem report` text
// table from that one model. CSV cells a spreadsheet would run as a formula get a leading quote
// (src/domain/shared/csv-safety.ts); the XLSX stores them as text.
import type { Db } from '../db/connection.ts';
import { getDistrict } from '../db/queries/schools.ts';
import type { Actor } from '../domain/access/access.ts';
import { findDemographicPeers, rankAmongPeers } from '../domain/diagnostics/peers.ts';
import { LEVEL_LABELS } from '../domain/schools/levels.ts';
import { notFound } from '../domain/shared/errors.ts';
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
import { getDistrictOverview, type MeasureInfo } from './schools.ts';
import { measureLabel } from '../domain/diagnostics/format.ts';
import { DEFAULT_MINIMUM_N } from '../domain/shared/suppression.ts';
import type { ExportAbout, ExportCell, ExportColumn, ExportTable } from './exports/table.ts';

export { toCsv } from './exports/table.ts';
/** The name the CLI and routes have used for the table model. */
export type ReportTable = ExportTable;

const CLASS_WORDS = {
  beating_the_odds: 'Beating the odds',
  as_expected: 'As expected',
  below_expectation: 'Below expectation',
  not_rated: 'Not rated',
} as const;

const col = (
  key: string,
  header: string,
  kind: ExportColumn['kind'],
  definition: string,
  digits?: number,
): ExportColumn => ({ key, header, kind, definition, ...(digits === undefined ? {} : { digits }) });

const yesNo = (v: boolean | null): ExportCell => (v === null ? null : v ? 'Y' : 'N');

function aboutFor(
  actor: Actor,
  district: string,
  sources: string[],
  minimumN: number | null,
  year: number | null,
): ExportAbout {
  return {
    year,
    district,
    sources: sources.filter((s) => s !== ''),
    minimumN,
    exportedBy: `${actor.displayName} (${actor.username})`,
    exportedAt: new Date(),
  };
}

async function districtName(db: Db, actor: Actor): Promise<string> {
  const district = await getDistrict(db, actor.districtId);
  if (!district) throw notFound('The district');
  return district.name;
}

const IDENTIFICATION_COLUMNS = (ruleSet: string): ExportColumn[] => [
  col('school_id', 'School ID', 'text', 'The school’s identifier in this district (state code).'),
  col('school', 'School', 'text', 'The school’s name.'),
  col('identified', 'Identified', 'flag', `Y if the school is identified under ${ruleSet}.`),
  col(
    'designations',
    'Designations',
    'text',
    'The designations the rule set gave (e.g. low_performing, csi, tsi, atsi).',
  ),
  col('tier', 'Tier', 'text', 'The district support tier the rule set assigned, if any.'),
  col(
    'reasons',
    'Reasons',
    'text',
    'Why the school was or was not identified, in the rule set’s words.',
  ),
];

/** Every school: need, poverty, actual, expected, residual, classification, identification. */
export async function diagnosticsTable(
  db: Db,
  actor: Actor,
  query: DiagnosticsQuery = {},
): Promise<ExportTable> {
  const d = await getDistrictDiagnostics(db, actor, query);
  const outcome = d.outcome.label;
  return {
    title: `${d.district.name}: ${outcome} against poverty, ${d.year ?? 'no year'}`,
    notes: [d.methods.regression, d.methods.identification, d.methods.needIndex, d.outcome.source],
    columns: [
      ...IDENTIFICATION_COLUMNS(d.ruleSet.name).slice(0, 2),
      col('level', 'Level', 'text', 'School level (elementary, middle, high, combined).'),
      col('title_i', 'Title I', 'flag', 'Y if the school receives Title I funds.'),
      col('need_index', 'Need index', 'decimal', d.methods.needIndex, 0),
      col(
        'pct_econ_disadv',
        '% economically disadvantaged',
        'percent',
        `Percent of students economically disadvantaged, ${d.year ?? ''}; blank when not reported or about fewer than ${d.minimumN} students.`,
      ),
      col('actual', `${outcome} (actual)`, 'decimal', `${outcome}, ${d.year ?? ''}.`),
      col(
        'expected',
        `${outcome} (expected)`,
        'decimal',
        'What schools with this poverty achieve: the regression line at the school’s % economically disadvantaged.',
      ),
      col('residual', 'Residual', 'decimal', 'Actual minus expected, this year.'),
      col(
        'avg_residual',
        'Average residual',
        'decimal',
        'Mean residual over the years used for the CRPE test (up to 3).',
      ),
      col('p_value', 'p-value', 'decimal', 'One-tailed p of the average residual.', 3),
      col(
        'classification',
        'Against expectation',
        'text',
        'Beating the odds, as expected, or below expectation (CRPE).',
      ),
      ...IDENTIFICATION_COLUMNS(d.ruleSet.name).slice(2),
    ],
    rows: d.schools.map((s) => [
      s.id,
      s.name,
      s.level,
      yesNo(s.isTitleI),
      s.needIndex,
      s.econDisadv,
      s.actual,
      s.expected,
      s.residual,
      s.averageResidual,
      s.pValue,
      CLASS_WORDS[s.classification],
      s.identification.identified ? 'Y' : 'N',
      [...new Set(s.identification.designations.map((x) => x.designation))].join(' '),
      s.identification.tier ?? '',
      s.identification.reasons.join(' '),
    ]),
    about: aboutFor(actor, d.district.name, [d.outcome.source], d.minimumN, d.year),
  };
}

/** The identified schools only (the `identification` report). */
export async function identificationTable(
  db: Db,
  actor: Actor,
  query: DiagnosticsQuery = {},
): Promise<ExportTable> {
  const d = await getDistrictDiagnostics(db, actor, query);
  return {
    title: `${d.district.name}: ${d.ruleSet.name}, ${d.year ?? 'no year'} (${d.counts.identified} of ${d.counts.schools} identified)`,
    notes: [d.methods.identification],
    columns: IDENTIFICATION_COLUMNS(d.ruleSet.name),
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
    about: aboutFor(actor, d.district.name, [d.outcome.source], d.ruleSet.minimumN, d.year),
  };
}

/** Every school's standing among its demographic peers and its nearest peers. */
export async function peersTable(
  db: Db,
  actor: Actor,
  query: { year?: number; outcome?: OutcomeKey } = {},
): Promise<ExportTable> {
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
  const label = measureLabel(outcome);
  return {
    title: `Schools like mine: ${label}, ${year ?? 'no year'}`,
    notes: [PEERS_METHOD],
    columns: [
      col('school_id', 'School ID', 'text', 'The school’s identifier in this district.'),
      col('school', 'School', 'text', 'The school’s name.'),
      col('value', label, 'decimal', `${label}, ${year ?? ''}.`),
      col('rank', 'Rank among peers', 'count', 'Rank among itself and its peers (1 = highest).'),
      col('of', 'Of', 'count', 'How many schools (the school and its peers) were ranked.'),
      col('percentile', 'Percentile', 'decimal', 'Percentile among its peers (0–100).', 0),
      col('peer_median', 'Peer median', 'decimal', `Median ${label} of the peers.`),
      col('nearest_peers', 'Nearest peers', 'text', 'The five nearest peers, nearest first.'),
    ],
    rows: sets
      .map((set, i): ExportCell[] => {
        const s = standings[i];
        return [
          set.schoolId,
          name(set.schoolId),
          s?.value ?? null,
          s?.rank ?? null,
          s === undefined ? null : s.of,
          s?.percentile ?? null,
          s?.peerMedian ?? null,
          set.peerIds.slice(0, 5).map(name).join('; '),
        ];
      })
      .sort((a, b) => String(a[1] ?? '').localeCompare(String(b[1] ?? ''))),
    about: aboutFor(actor, await districtName(db, actor), [], DEFAULT_MINIMUM_N, year),
  };
}

/** A recorded run, exactly as recorded. */
export async function identificationRunTable(
  db: Db,
  actor: Actor,
  runId: string,
): Promise<ExportTable> {
  const run = await getIdentificationRun(db, actor, runId);
  return {
    title: `${run.ruleSetName}, ${run.year}, recorded ${run.runAt}`,
    notes: [run.method],
    columns: IDENTIFICATION_COLUMNS(run.ruleSetName),
    rows: run.results.map((r) => [
      r.schoolId,
      r.schoolName,
      r.identified ? 'Y' : 'N',
      [...new Set(r.designations.map((x) => x.designation))].join(' '),
      r.tier ?? '',
      r.reasons.join(' '),
    ]),
    about: aboutFor(
      actor,
      await districtName(db, actor),
      [
        `Identification run ${run.id}, recorded ${run.runAt}${run.runBy?.name ? ` by ${run.runBy.name}` : ''}.`,
      ],
      run.ruleSet.minimumN,
      run.year,
    ),
  };
}

const MEASURE_KIND: Partial<Record<MeasureInfo['unit'], ExportColumn['kind']>> = {
  percent: 'percent',
  count: 'count',
  dollars: 'count',
  score: 'decimal',
  ratio: 'decimal',
  index: 'decimal',
};

function measureHeader(m: MeasureInfo, years: number[]): string {
  const unit = m.unit === 'percent' ? ' (%)' : m.unit === 'dollars' ? ' ($)' : '';
  return years.length === 1 ? `${m.label}${unit}, ${years[0]}` : `${m.label}${unit}`;
}

/**
 * The district page's schools table (its headline measures, latest year of each), optionally
 * only the named schools — the browser passes the ids its filters leave. A measure whose figures
 * span school years gets a year column beside it, as the page's own CSV does.
 */
export async function schoolsTable(
  db: Db,
  actor: Actor,
  query: { schoolIds?: readonly string[] } = {},
): Promise<ExportTable> {
  const overview = await getDistrictOverview(db, actor);
  // The named schools in the order named (the page's sort), or every school.
  const byId = new Map(overview.schools.map((s) => [s.id, s]));
  const schools = query.schoolIds
    ? [...new Set(query.schoolIds)].flatMap((id) => {
        const school = byId.get(id);
        return school ? [school] : [];
      })
    : overview.schools;
  const columns: ExportColumn[] = [
    col('school_id', 'School ID', 'text', 'The school’s identifier in this district.'),
    col('school', 'School', 'text', 'The school’s name.'),
    col('level', 'Level', 'text', 'School level.'),
    col('grade_span', 'Grades', 'text', 'Grades served.'),
    col('title_i', 'Title I', 'flag', 'Y if the school receives Title I funds.'),
  ];
  const cells: Array<(s: (typeof schools)[number]) => ExportCell> = [
    (s) => s.id,
    (s) => s.name,
    (s) => LEVEL_LABELS[s.level],
    (s) => s.gradeSpan,
    (s) => yesNo(s.isTitleI),
  ];
  const sources = new Set<string>();
  for (const m of overview.measures) {
    const years = [
      ...new Set(
        overview.schools
          .map((s) => s.figures[m.key])
          .filter((f) => f !== undefined && f.status !== 'missing')
          .map((f) => f?.year ?? 0),
      ),
    ].sort((a, b) => a - b);
    if (years.length === 0) continue;
    sources.add(m.source);
    const kind = MEASURE_KIND[m.unit] ?? 'text';
    columns.push(
      col(m.key, measureHeader(m, years), kind, `${m.description} Source: ${m.source}`.trim()),
    );
    cells.push((s) => {
      const f = s.figures[m.key];
      if (!f || f.status === 'missing') return null;
      if (f.status === 'suppressed') return { suppressed: f.marker ?? 'suppressed' };
      return kind === 'text' ? (f.text ?? (f.value === null ? null : String(f.value))) : f.value;
    });
    if (years.length > 1) {
      columns.push(
        col(`${m.key}_year`, `${m.label}: school year`, 'year', 'The spring year of the figure.'),
      );
      cells.push((s) => s.figures[m.key]?.year ?? null);
    }
  }
  const latest = overview.years.at(-1);
  return {
    title: `${overview.district.name}: schools${latest ? `, latest figures (${latest})` : ''}`,
    notes: [
      `Latest figures for each school; ${schools.length} of ${overview.schools.length} schools.`,
    ],
    columns,
    rows: schools.map((s) => cells.map((cell) => cell(s))),
    about: aboutFor(actor, overview.district.name, [...sources], DEFAULT_MINIMUM_N, latest ?? null),
  };
}
