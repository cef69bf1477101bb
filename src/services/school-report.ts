// A school's board report as a PDF (issue #4 "a PDF school report fit for a board packet,
// generated without a browser"): the figures the school page shows — key indicators with their n
// and definitions, trends over every loaded year beside the district median of schools at the
// same level, student-group gaps with small groups suppressed, access to advanced courses by
// group, identification and the reason, its demographic peers and where it stands among them,
// and the sources. Built from the same
// services that feed the school page (getSchoolDetail, getSchoolDiagnostics), so the PDF and the
// screen cannot disagree. It holds no staff data at all: a board packet is public.
import type { Db } from '../db/connection.ts';
import { getDistrict } from '../db/queries/schools.ts';
import { canViewSchoolAggregates, scopedSchools, type Actor } from '../domain/access/access.ts';
import { formatNumber, formatSigned } from '../domain/diagnostics/format.ts';
import { median } from '../domain/diagnostics/stats.ts';
import { figureOf, usableValue } from '../domain/diagnostics/types.ts';
import { LEVEL_LABELS } from '../domain/schools/levels.ts';
import { forbidden, notFound } from '../domain/shared/errors.ts';
import { DEFAULT_MINIMUM_N, type Figure } from '../domain/shared/suppression.ts';
import { recordAudit } from './audit.ts';
import { diagnosticsSnapshot } from './diagnostics-cache.ts';
import { getSchoolDiagnostics, type SchoolDiagnosticsQuery } from './diagnostics-school.ts';
import { formatSchoolYear } from './diagnostics-shared.ts';
import { PdfDocument, type LineSeries } from './exports/pdf.ts';
import { slugify, type ExportCell, type ExportColumn } from './exports/table.ts';
import { HEADLINE_MEASURES, getSchoolDetail, type MeasureInfo } from './schools.ts';

export interface SchoolReportOptions extends SchoolDiagnosticsQuery {
  /** Deflate the page contents (default true); tests read the text of an uncompressed file. */
  compress?: boolean;
  now?: Date;
}

export interface SchoolReportFile {
  fileName: string;
  buffer: Buffer;
}

/** Measures drawn as trends, in this order, where the school has at least two years of them. */
const TREND_MEASURES = [
  'spg_score',
  'achievement_score',
  'grad_rate_4yr',
  'chronic_absence_rate',
  'pct_econ_disadv',
  'enrollment',
] as const;

/**
 * Who may have a school's board report: every role that sees school aggregates, limited to the
 * schools its grants name. A principal gets their own school's report, not a neighbour's: the
 * report goes out over the school's name, and the school page's own scoped parts (its staff) are
 * scoped the same way (src/domain/access/access.ts, scopedSchools).
 */
export function assertCanReportOn(actor: Actor, schoolId: string): void {
  const scope = scopedSchools(actor);
  if (!canViewSchoolAggregates(actor) || (scope !== 'all' && !scope.includes(schoolId))) {
    throw forbidden('You can download board reports only for the schools you are assigned to.');
  }
}

function formatFigure(figure: Figure | undefined, unit: MeasureInfo['unit']): ExportCell {
  if (!figure || figure.status === 'missing') return null;
  if (figure.status === 'suppressed') return { suppressed: figure.marker ?? 'suppressed' };
  if (figure.value === null) return figure.text;
  switch (unit) {
    case 'percent':
      return `${formatNumber(figure.value)}%`;
    case 'count':
      return formatNumber(figure.value, 0);
    case 'dollars':
      return `$${formatNumber(figure.value, 0)}`;
    default:
      return formatNumber(figure.value);
  }
}

const text = (key: string, header: string, definition = ''): ExportColumn => ({
  key,
  header,
  kind: 'text',
  definition,
});
const count = (key: string, header: string): ExportColumn => ({
  key,
  header,
  kind: 'count',
  definition: '',
});

export async function buildSchoolReport(
  db: Db,
  actor: Actor,
  schoolId: string,
  options: SchoolReportOptions = {},
): Promise<SchoolReportFile> {
  assertCanReportOn(actor, schoolId);
  const district = await getDistrict(db, actor.districtId);
  if (!district) throw notFound('The district');
  const detail = await getSchoolDetail(db, actor, schoolId);
  const query: SchoolDiagnosticsQuery = {
    ...(options.year === undefined ? {} : { year: options.year }),
    ...(options.ruleSet === undefined ? {} : { ruleSet: options.ruleSet }),
    ...(options.outcome === undefined ? {} : { outcome: options.outcome }),
  };
  const diag = await getSchoolDiagnostics(db, actor, schoolId, query);
  // The district's figures for the medians, from the same cached snapshot the school page uses.
  const { data } = await diagnosticsSnapshot(db, actor.districtId);
  const school = detail.school;
  const now = options.now ?? new Date();
  const year = diag.year ?? detail.years.at(-1) ?? null;
  const yearText = year === null ? 'no school year loaded' : formatSchoolYear(year);
  const generatedOn = `${now.toISOString().slice(0, 10)} ${now.toISOString().slice(11, 16)} UTC`;
  const minimumN = diag.ruleSet.minimumN;
  const outcome = diag.outcome.label;

  const pdf = new PdfDocument({
    title: `${school.name}: board report, ${yearText}`,
    author: `${district.name} (Tandem)`,
    subject: `School report for ${school.name}, ${district.name}`,
    footer: `${school.name} · ${district.name} · Board report, ${yearText} · generated ${generatedOn}`,
    compress: options.compress ?? true,
  });

  // Cover block.
  pdf.paragraph(`${district.name} · School board report`, { color: '#555555', bold: true });
  pdf.heading(school.name, 1);
  pdf.keyValues([
    ['District', `${district.name}${district.state ? `, ${district.state}` : ''}`],
    [
      'Level',
      `${LEVEL_LABELS[school.level]}${school.gradeSpan ? `, grades ${school.gradeSpan}` : ''}`,
    ],
    ['Title I', school.isTitleI === null ? 'Not reported' : school.isTitleI ? 'Yes' : 'No'],
    ['School ID', `${school.id}${school.ncesId ? ` (NCES ${school.ncesId})` : ''}`],
    ['School year', yearText],
    ['Generated', `${generatedOn} by ${actor.displayName}`],
  ]);
  if (district.is_demo) {
    pdf.paragraph(
      'Demo district: real NC DPI public report-card data for Wake County; no staff data appears in this report.',
      { size: 8.5, color: '#555555', italic: true },
    );
  }
  const current = diag.identification.find((i) => i.year === year);
  pdf.paragraph(
    current
      ? `${current.identified ? 'Identified' : 'Not identified'} under ${diag.ruleSet.name} in ${yearText}: ${current.reasons.join(' ') || 'no reason recorded.'}`
      : `No identification result for ${yearText}.`,
    { bold: true },
  );

  // Key indicators.
  pdf.heading('Key indicators', 2);
  const measures = new Map(detail.series.map((s) => [s.measure.key, s.measure]));
  const indicatorRows: ExportCell[][] = [];
  for (const key of HEADLINE_MEASURES) {
    const measure = measures.get(key);
    const figure = school.figures[key];
    if (!measure || !figure || figure.status === 'missing') continue;
    indicatorRows.push([
      measure.label,
      formatFigure(figure, measure.unit),
      formatSchoolYear(figure.year),
      figure.n,
      `${measure.description} Source: ${measure.source}`.trim(),
    ]);
  }
  if (diag.needIndex?.index !== null && diag.needIndex !== null) {
    indicatorRows.push([
      'Need index (0–100)',
      formatNumber(diag.needIndex.index ?? 0, 0),
      yearText,
      null,
      diag.methods.needIndex,
    ]);
  }
  if (indicatorRows.length === 0) pdf.paragraph('No figures are loaded for this school.');
  else
    pdf.table(
      {
        title: 'Key indicators',
        notes: [],
        columns: [
          text('indicator', 'Indicator'),
          text('value', 'Value'),
          text('year', 'School year'),
          count('n', 'n'),
          text('definition', 'Definition and source'),
        ],
        rows: indicatorRows,
      },
      { widths: [0.2, 0.1, 0.1, 0.07, 0.53], size: 8 },
    );
  pdf.paragraph(
    `n is the number of students a figure is about, where the source gives it. No rate about fewer than ${minimumN} students is shown (“Suppressed”); suppressed is not zero.`,
    { size: 8, color: '#555555' },
  );

  // Against expectation.
  pdf.heading(`${outcome} against schools with similar poverty`, 2);
  if (diag.expectation) {
    const e = diag.expectation;
    pdf.keyValues([
      ['Actual', e.actual === null ? 'Not available' : formatNumber(e.actual)],
      ['Expected', e.expected === null ? 'Not available' : formatNumber(e.expected)],
      ['Residual', e.residual === null ? 'Not available' : formatSigned(e.residual)],
      ['Finding', e.reason],
    ]);
  } else {
    pdf.paragraph('Not rated: the school has no usable figure this year.');
  }
  pdf.paragraph(diag.methods.regression, { size: 8, color: '#555555' });

  // Trends.
  pdf.heading('Trends over the loaded years', 2);
  let charts = 0;
  for (const key of TREND_MEASURES) {
    const series = detail.series.find((s) => s.measure.key === key && s.studentGroup === 'all');
    const reported = series?.points.filter((p) => p.status === 'reported' && p.value !== null);
    if (!series || !reported || reported.length < 2) continue;
    const unit = series.measure.unit;
    const years = series.points.map((p) => p.year);
    const medians: LineSeries = {
      label: `District median, ${LEVEL_LABELS[school.level].toLowerCase()} schools`,
      points: years.map((y) => {
        const values = data.rows
          .filter((r) => r.year === y && r.level === school.level)
          .map((r) => usableValue(figureOf(r, key), DEFAULT_MINIMUM_N))
          .flatMap((u) => (u.ok ? [u.value] : []));
        return { x: y, y: values.length === 0 ? null : median(values) };
      }),
    };
    const mine: LineSeries = {
      label: school.name,
      points: series.points.map((p) => ({
        x: p.year,
        y: p.status === 'reported' ? p.value : null,
      })),
    };
    const fmt = (v: number) =>
      unit === 'percent'
        ? `${formatNumber(v, 0)}%`
        : unit === 'count'
          ? formatNumber(v, 0)
          : formatNumber(v, 0);
    const values = series.points
      .map((p) =>
        p.status === 'reported' && p.value !== null
          ? `${formatSchoolYear(p.year)} ${unit === 'percent' ? `${formatNumber(p.value)}%` : formatNumber(p.value, unit === 'count' ? 0 : 1)}`
          : `${formatSchoolYear(p.year)} ${p.status === 'suppressed' ? 'suppressed' : 'not reported'}`,
      )
      .join('; ');
    pdf.lineChart({
      title: series.measure.label,
      xLabel: 'School year',
      yLabel: unit === 'percent' ? `${series.measure.label} (%)` : series.measure.label,
      series: [mine, medians],
      formatX: formatSchoolYear,
      formatY: fmt,
      ...(unit === 'percent' ? { yInclude: [0] } : {}),
      caption: `${school.name}: ${values}. Source: ${series.measure.source}`,
    });
    charts++;
  }
  if (charts === 0) pdf.paragraph('Fewer than two years of figures are loaded for this school.');

  // Student groups.
  pdf.heading(`Student groups: ${outcome}, ${yearText}`, 2);
  if (diag.gaps.length === 0) {
    pdf.paragraph('No student-group figures are published for this school and year.');
  } else {
    const hidden = { suppressed: `n<${minimumN}` };
    pdf.table(
      {
        title: 'Student groups',
        notes: [],
        columns: [
          text('group', 'Student group'),
          { key: 'value', header: outcome, kind: 'decimal', definition: '' },
          { key: 'gap_all', header: 'Gap to all students', kind: 'decimal', definition: '' },
          { key: 'gap_high', header: 'Gap to highest group', kind: 'decimal', definition: '' },
        ],
        rows: diag.gaps.map((g) =>
          g.status === 'shown'
            ? [g.label, g.value, g.gapToAll, g.gapToHighest]
            : g.status === 'suppressed'
              ? [g.label, hidden, hidden, hidden]
              : [g.label, null, null, null],
        ),
      },
      { widths: [0.4, 0.2, 0.2, 0.2] },
    );
    pdf.paragraph(diag.methods.gaps, { size: 8, color: '#555555' });
  }

  // Access to advanced courses (src/domain/diagnostics/course-access.ts): per group, each
  // course kind's participation rate and representation ratio, hidden under the minimum n.
  const access = diag.courseAccess;
  pdf.heading(`Access to advanced courses${access ? `, ${formatSchoolYear(access.year)}` : ''}`, 2);
  if (access === null) {
    pdf.paragraph('No AP, IB or dual-enrollment figures are loaded for this school.');
  } else {
    const cellOf = (f: { status: string; value: number | null; marker: string | null }) =>
      f.status === 'shown'
        ? f.value
        : f.status === 'suppressed'
          ? { suppressed: f.marker ?? 'suppressed' }
          : null;
    const width = 0.66 / (access.kinds.length * 2);
    pdf.table(
      {
        title: 'Access to advanced courses',
        notes: [],
        columns: [
          text('group', 'Student group'),
          count('headcount', 'Students'),
          ...access.kinds.flatMap((k): ExportColumn[] => [
            { key: `${k.key}_rate`, header: `${k.label} %`, kind: 'percent', definition: '' },
            {
              key: `${k.key}_ratio`,
              header: `${k.label} ratio`,
              kind: 'decimal',
              digits: 2,
              definition: '',
            },
          ]),
        ],
        rows: access.groups.map((g) => [
          g.label,
          g.headcount,
          ...g.courses.flatMap((c) => [cellOf(c.rate), cellOf(c.ratio)]),
        ]),
      },
      {
        widths: [0.22, 0.12, ...access.kinds.flatMap(() => [width, width])],
        size: 8,
      },
    );
    pdf.paragraph(diag.methods.courseAccess, { size: 8, color: '#555555' });
  }

  // Identification.
  pdf.heading('Identification for support', 2);
  if (diag.identification.length === 0) {
    pdf.paragraph('No identification result: the school has no figures the rule set reads.');
  } else {
    pdf.table(
      {
        title: 'Identification',
        notes: [],
        columns: [
          text('year', 'School year'),
          text('identified', 'Identified'),
          text('designations', 'Designations'),
          text('reasons', 'Reason'),
        ],
        rows: diag.identification.map((i) => [
          formatSchoolYear(i.year),
          i.identified ? 'Yes' : 'No',
          [...new Set(i.designations.map((d) => d.designation.replace(/_/g, ' ')))].join(', ') ||
            (i.tier ?? ''),
          i.reasons.join(' '),
        ]),
      },
      { widths: [0.12, 0.1, 0.18, 0.6], size: 8 },
    );
    pdf.paragraph(diag.methods.identification, { size: 8, color: '#555555' });
  }

  // Peers.
  pdf.heading('Schools like this one', 2);
  if (diag.peers.standing) pdf.paragraph(diag.peers.standing.sentence);
  if (diag.peers.note) pdf.paragraph(diag.peers.note, { size: 8.5, color: '#555555' });
  if (diag.peers.schools.length > 0) {
    pdf.table(
      {
        title: 'Peers',
        notes: [],
        columns: [
          text('school', 'Peer school'),
          { key: 'outcome', header: outcome, kind: 'decimal', definition: '' },
          { key: 'econ', header: '% economically disadvantaged', kind: 'percent', definition: '' },
          count('enrollment', 'Students'),
        ],
        rows: diag.peers.schools.map((p) => [p.name, p.outcome, p.econDisadv, p.enrollment]),
      },
      { widths: [0.46, 0.18, 0.2, 0.16] },
    );
  }
  pdf.paragraph(diag.methods.peers, { size: 8, color: '#555555' });

  // Sources.
  pdf.heading('Sources', 2);
  const measureSources = [...new Set(detail.series.map((s) => s.measure.source))].filter(
    (s) => s !== '',
  );
  pdf.bullets([
    ...measureSources,
    ...[...detail.sources]
      .sort((a, b) => a.fileName.localeCompare(b.fileName))
      .map(
        (s) =>
          `${s.fileName} (${s.kind}${s.mapping ? `, ${s.mapping}` : ''}), imported ${s.importedAt.slice(0, 10)}`,
      ),
  ]);
  pdf.paragraph(
    `Figures as loaded in Tandem on ${generatedOn}. School years are named by their spring year in the source files (2019 = ${formatSchoolYear(2019)}).`,
    { size: 8, color: '#555555' },
  );

  const buffer = await pdf.finish();
  await recordAudit(db, actor, {
    action: 'school_report.generated',
    subjectType: 'school',
    subjectId: schoolId,
    detail: { year, ruleSet: diag.ruleSet.key, outcome: diag.outcome.key },
  });
  return {
    fileName: `${slugify(district.name)}-${slugify(school.name)}-${year ?? 'no-year'}-board-report.pdf`,
    buffer,
  };
}
