// The equity report and retention as tables (issue 5 "CSV / XLSX exports", `tandem report
// equity`): the same figures the page shows, built once as an ExportTable and rendered as CSV or
// XLSX by src/services/exports. A suppressed rate stays "Suppressed (n<10)", never blank or zero.
import type { Db } from '../db/connection.ts';
import type { Actor } from '../domain/access/access.ts';
import { MEASURE_LABELS, type EquityMeasure } from '../domain/equity/staffing.ts';
import type { ExportAbout, ExportCell, ExportColumn, ExportTable } from './exports/table.ts';
import { getEquityReport, type EquityQuery } from './equity.ts';
import { getRetention, type RetentionQuery } from './equity-retention.ts';
import type { RateView } from './equity-views.ts';

const rate = (view: RateView | null | undefined): ExportCell =>
  !view || view.status === 'missing'
    ? null
    : view.status === 'suppressed'
      ? { suppressed: view.text }
      : view.percent;
const count = (view: RateView | null | undefined): ExportCell =>
  !view || view.status === 'missing'
    ? null
    : view.status === 'suppressed'
      ? { suppressed: view.text }
      : view.n;

const col = (
  key: string,
  header: string,
  kind: ExportColumn['kind'],
  definition: string,
  digits?: number,
): ExportColumn => ({ key, header, kind, definition, ...(digits === undefined ? {} : { digits }) });

function about(
  actor: Actor,
  district: string,
  sources: string[],
  minimumN: number,
  year: number,
): ExportAbout {
  return {
    district,
    year,
    sources,
    minimumN,
    exportedBy: `${actor.displayName} (${actor.username})`,
    exportedAt: new Date(),
  };
}

export type EquityTableKind = 'gaps' | 'schools';

/** The gaps (one row per dimension × measure) or the school figures. */
export async function equityTable(
  db: Db,
  actor: Actor,
  query: EquityQuery,
  kind: EquityTableKind = 'gaps',
): Promise<ExportTable> {
  const r = await getEquityReport(db, actor, query);
  const notes = [
    ...r.definitions.lines,
    ...r.notes,
    ...r.sources,
    r.statewide.note,
    ...r.statewide.notes,
    ...Object.values(r.statewide.definitions).map((d) => `Statewide figures: ${d}`),
  ];
  const base = {
    notes,
    about: about(actor, r.district.name, r.sources, r.minimumN, r.year),
  };
  if (kind === 'schools') {
    const measureColumns = r.measures.flatMap((m) => [
      col(m.key, `% ${m.label}`, 'percent', r.definitions.measures[m.key] ?? m.label),
      col(`${m.key}_n`, `n (${m.of})`, 'decimal', `How many ${m.of} the rate is about.`, 0),
    ]);
    return {
      ...base,
      title: `${r.district.name}: staffing by school, ${r.year}`,
      columns: [
        col('school_id', 'School id', 'text', 'The school’s id in Tandem.'),
        col('school', 'School', 'text', 'School name.'),
        col('pct_econ_disadv', '% economically disadvantaged', 'percent', 'NC DPI rcd_acc_eds.'),
        col(
          'poverty_quartile',
          'Poverty quartile',
          'count',
          '4 = highest poverty, within the district.',
        ),
        col('pct_minority', '% students of colour', 'percent', 'NC DPI ec_pupils.'),
        col(
          'minority_quartile',
          'Minority quartile',
          'count',
          '4 = highest share, within the district.',
        ),
        col('enrollment', 'Enrollment', 'count', 'Students enrolled.'),
        ...measureColumns,
      ],
      rows: r.schools.map((s) => [
        s.id,
        s.name,
        s.poverty.share,
        s.poverty.quartile,
        s.minority.share,
        s.minority.quartile,
        s.enrollment,
        ...r.measures.flatMap((m) => [rate(s.measures[m.key]), count(s.measures[m.key])]),
      ]),
    };
  }
  return {
    ...base,
    title: `${r.district.name}: staffing equity gaps, ${r.year} (${r.definitions.name})`,
    columns: [
      col(
        'comparison',
        'Comparison',
        'text',
        'Quartiles of the district’s schools by the share named; with the state’s figures loaded, also the state’s cut points applied to the district’s schools and to every school of the state.',
      ),
      col('measure', 'Measure', 'text', 'What is counted; definitions in the notes.'),
      col('high_rate', 'Highest quartile %', 'percent', 'Teacher-weighted: Σ count / Σ n.'),
      col('high_n', 'Highest quartile n', 'decimal', 'Teachers (or principals) counted.', 0),
      col('low_rate', 'Lowest quartile %', 'percent', 'Teacher-weighted: Σ count / Σ n.'),
      col('low_n', 'Lowest quartile n', 'decimal', 'Teachers (or principals) counted.', 0),
      col(
        'gap_points',
        'Gap (points)',
        'decimal',
        'Highest minus lowest quartile, teacher-weighted.',
      ),
      col(
        'high_student_rate',
        'Highest, student-weighted %',
        'percent',
        'Σ enrolment × rate / Σ enrolment.',
      ),
      col(
        'low_student_rate',
        'Lowest, student-weighted %',
        'percent',
        'Σ enrolment × rate / Σ enrolment.',
      ),
      col(
        'high_school_average',
        'Highest, school average %',
        'percent',
        'Mean of school rates (not an ESSA measure).',
      ),
      col(
        'low_school_average',
        'Lowest, school average %',
        'percent',
        'Mean of school rates (not an ESSA measure).',
      ),
      col(
        'drivers',
        'Schools driving the gap',
        'text',
        'Highest-quartile schools adding most points to the gap.',
      ),
    ],
    // The district's own quartiles, then (with the state's figures loaded) the district's schools
    // under the state's cut points and every school of the state under them.
    rows: [
      ...r.dimensions,
      ...r.statewide.comparisons.flatMap((c) => [c.district, c.state]),
    ].flatMap((d) =>
      d.gaps.map((g) => [
        d.label,
        MEASURE_LABELS[g.measure as EquityMeasure].noun,
        rate(g.high.teacherWeighted),
        count(g.high.teacherWeighted),
        rate(g.low.teacherWeighted),
        count(g.low.teacherWeighted),
        g.gapPoints,
        rate(g.high.studentWeighted),
        rate(g.low.studentWeighted),
        rate(g.high.schoolAverage),
        rate(g.low.schoolAverage),
        // Only schools that widen the gap: with no gap against the high group there are none.
        g.drivers
          .filter((x) => x.contributionPoints > 0)
          .slice(0, 3)
          .map((x) => `${x.name} (+${x.contributionPoints.toFixed(1)})`)
          .join('; '),
      ]),
    ),
  };
}

export async function retentionTable(
  db: Db,
  actor: Actor,
  query: RetentionQuery,
): Promise<ExportTable> {
  const r = await getRetention(db, actor, query);
  return {
    title: `${r.district.name}: retention by effectiveness, ${r.from} to ${r.to}`,
    notes: [...r.sentences.map((s) => s.text), ...r.definitions, ...r.notes],
    about: about(actor, r.district.name, r.sources, r.minimumN, r.to),
    columns: [
      col('rating', 'Rating', 'text', 'Evaluation rating in the starting year.'),
      col(
        'poverty_quartile',
        'Poverty quartile',
        'text',
        'Of the starting school; 4 = highest poverty; all = every school.',
      ),
      col(
        'n',
        'Teachers',
        'count',
        'Teachers with this rating who started the year in these schools.',
      ),
      col('stayed', 'Stayed %', 'percent', 'Teaching in the same school the next year.'),
      col('moved', 'Moved %', 'percent', 'Teaching in another school of the district.'),
      col('left', 'Left %', 'percent', 'No assignment in the district the next year.'),
      col('kept', 'Kept %', 'percent', 'Stayed + moved.'),
    ],
    rows: r.cells.map((c) => [
      c.rating,
      c.quartile === 'all' ? 'all' : String(c.quartile),
      c.n === null ? { suppressed: `n<${r.minimumN}` } : c.n,
      rate(c.stayed),
      rate(c.moved),
      rate(c.left),
      rate(c.kept),
    ]),
  };
}
