// What the Staffing equity page shows, as plain functions of the API's answer: the address's
// query, the headline gap cards, the rows of each chart and their text alternatives.
import type { EquityReportView, RetentionView } from '../../api/types.ts';
import { formatSchoolYear } from '../../ui/format.ts';

export type Dimension = 'poverty' | 'minority';
export type Gap = EquityReportView['dimensions'][number]['gaps'][number];
export type Rate = Gap['high']['teacherWeighted'];

/** Query keys the page passes through from its address to the API. */
export const QUERY_KEYS = [
  'year',
  'preset',
  'source',
  'inexperiencedYears',
  'inexperiencedComparison',
  'ineffectiveLevels',
] as const;

export function apiQuery(params: URLSearchParams, keys: readonly string[] = QUERY_KEYS): string {
  const q = new URLSearchParams();
  for (const key of keys) {
    const value = params.get(key);
    if (value) q.set(key, value);
  }
  const text = q.toString();
  return text ? `?${text}` : '';
}

/** "12.3 points higher" / "4.0 points lower" / "no gap" / "not shown". */
export function gapText(points: number | null): string {
  if (points === null) return 'not shown';
  if (Math.abs(points) < 0.05) return 'no gap';
  return `${Math.abs(points).toFixed(1)} points ${points > 0 ? 'higher' : 'lower'}`;
}

/** "56.5% (13 of 23)" or "n<10". */
export function rateText(rate: Rate): string {
  if (rate.status !== 'reported' || rate.count === null || rate.n === null) return rate.text;
  return `${rate.text} (${formatAmount(rate.count)} of ${formatAmount(rate.n)})`;
}

export function formatAmount(value: number): string {
  return Number.isInteger(value)
    ? value.toLocaleString('en-US')
    : value.toLocaleString('en-US', { maximumFractionDigits: 1 });
}

export interface HeadlineCard {
  measure: Gap['measure'];
  label: string;
  gap: string;
  high: string;
  low: string;
  isAgainstHigh: boolean;
}

/** One card per measure with a gap to show, for the chosen dimension. */
export function headlineCards(report: EquityReportView, dimension: Dimension): HeadlineCard[] {
  const d = report.dimensions.find((x) => x.dimension === dimension);
  return (d?.gaps ?? []).map((g) => ({
    measure: g.measure,
    label: capitalise(g.label),
    gap: gapText(g.gapPoints),
    high: rateText(g.high.teacherWeighted),
    low: rateText(g.low.teacherWeighted),
    isAgainstHigh: (g.gapPoints ?? 0) >= 0.05,
  }));
}

export const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export const QUARTILE_NAMES: Record<Dimension, Record<1 | 2 | 3 | 4, string>> = {
  poverty: { 1: 'Q1 lowest poverty', 2: 'Q2', 3: 'Q3', 4: 'Q4 highest poverty' },
  minority: { 1: 'Q1 lowest minority', 2: 'Q2', 3: 'Q3', 4: 'Q4 highest minority' },
};

export interface QuartileBar {
  quartile: string;
  percent: number | null;
  text: string;
  n: string;
  schools: number;
}

export function quartileBars(gap: Gap, dimension: Dimension): QuartileBar[] {
  return gap.quartiles.map((q) => ({
    quartile: QUARTILE_NAMES[dimension][q.quartile],
    percent: q.rate.percent,
    text: q.rate.text,
    n:
      q.rate.n === null
        ? q.rate.status === 'suppressed'
          ? 'fewer than the minimum'
          : '—'
        : formatAmount(q.rate.n),
    schools: q.schools,
  }));
}

/** "Q1 lowest poverty: 4.0% of 25; … Q4 highest poverty: 56.5% of 23." */
export function describeQuartileBars(label: string, bars: readonly QuartileBar[]): string {
  const parts = bars.map(
    (b) => `${b.quartile}: ${b.text}${b.percent === null ? '' : ` of ${b.n}`}`,
  );
  return `Share of ${label} by quartile. ${parts.join('; ')}.`;
}

export interface TrendRow {
  year: number;
  label: string;
  measure: string;
  gap: number | null;
}

export function trendRows(report: EquityReportView, dimension: Dimension): TrendRow[] {
  const labels = new Map(report.measures.map((m) => [m.key, capitalise(m.label)]));
  return report.trend
    .filter((p) => p.dimension === dimension)
    .map((p) => ({
      year: p.year,
      label: formatSchoolYear(p.year),
      measure: labels.get(p.measure) ?? p.measure,
      gap: p.gapPoints,
    }));
}

export function describeTrend(rows: readonly TrendRow[]): string {
  const measures = [...new Set(rows.map((r) => r.measure))];
  return measures
    .map((m) => {
      const points = rows
        .filter((r) => r.measure === m)
        .map(
          (r) =>
            `${r.label} ${r.gap === null ? 'not shown' : `${r.gap >= 0 ? '+' : '−'}${Math.abs(r.gap).toFixed(1)}`}`,
        );
      return `${m}: ${points.join(', ')}.`;
    })
    .join(' ');
}

export type Driver = Gap['drivers'][number] & { measure: string; measureLabel: string };

export function driverRows(report: EquityReportView, dimension: Dimension): Driver[] {
  const d = report.dimensions.find((x) => x.dimension === dimension);
  return (d?.gaps ?? []).flatMap((g) =>
    g.drivers
      .filter((x) => x.contributionPoints > 0)
      .map((x) => ({ ...x, measure: g.measure, measureLabel: capitalise(g.label) })),
  );
}

export type RetentionCell = RetentionView['cells'][number];

export interface RetentionBar {
  rating: string;
  outcome: 'Stayed' | 'Moved' | 'Left';
  percent: number;
}

/** Stacked bars, one per rating level, for all schools; suppressed levels are left out. */
export function retentionBars(retention: RetentionView): RetentionBar[] {
  return retention.cells
    .filter((c) => c.quartile === 'all' && c.kept.status === 'reported')
    .flatMap((c) =>
      (
        [
          ['Stayed', c.stayed.percent],
          ['Moved', c.moved.percent],
          ['Left', c.left.percent],
        ] as const
      ).map(([outcome, percent]) => ({ rating: c.rating, outcome, percent: percent ?? 0 })),
    );
}

export function describeRetentionBars(retention: RetentionView): string {
  const rows = retention.cells.filter((c) => c.quartile === 'all');
  return rows
    .map((c) =>
      c.kept.status === 'reported'
        ? `${c.rating} (${c.n ?? ''} teachers): stayed ${c.stayed.text}, moved ${c.moved.text}, left ${c.left.text}.`
        : `${c.rating}: not shown (fewer than ${retention.minimumN} teachers).`,
    )
    .join(' ');
}
