// Words and numbers for the reason sentences: measure and group labels from the catalogue,
// one decimal, percent signs on percent measures. Reasons are read by superintendents and
// boards, so they name the figure rather than the key.
import { STANDARD_MEASURES, STUDENT_GROUPS, type StudentGroup } from '../shared/catalogue.ts';
import type { MeasureDefinition } from '../shared/catalogue.ts';

const BY_KEY: ReadonlyMap<string, MeasureDefinition> = new Map(
  STANDARD_MEASURES.map((m) => [m.key, m]),
);

export function measureDefinition(key: string): MeasureDefinition | undefined {
  return BY_KEY.get(key);
}

export function measureLabel(key: string): string {
  return BY_KEY.get(key)?.label ?? key;
}

/** True unless the catalogue says lower is better (chronic absence, teacher turnover, …). */
export function isHigherBetter(key: string): boolean {
  return BY_KEY.get(key)?.higherIsBetter !== false;
}

export function groupLabel(group: StudentGroup): string {
  return STUDENT_GROUPS[group];
}

/**
 * "1,234.5": fixed decimals with thousands separators (en-US). Written out rather than
 * Intl.NumberFormat, which costs microseconds a call, because the diagnostics word hundreds of
 * thousands of figures for a state.
 */
export function formatNumber(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return String(value);
  const fixed = Math.abs(value).toFixed(digits);
  const dot = fixed.indexOf('.');
  const whole = dot < 0 ? fixed : fixed.slice(0, dot);
  const grouped = whole.length > 3 ? whole.replace(/\B(?=(\d{3})+$)/g, ',') : whole;
  const negative = value < 0 && Number(fixed) !== 0;
  return `${negative ? '-' : ''}${grouped}${dot < 0 ? '' : fixed.slice(dot)}`;
}

export function formatSigned(value: number, digits = 1): string {
  return `${value >= 0 ? '+' : '−'}${formatNumber(Math.abs(value), digits)}`;
}

/** "64.2%" for a percent measure, "64.2" otherwise. */
export function formatValue(measure: string, value: number): string {
  return BY_KEY.get(measure)?.unit === 'percent' ? `${formatNumber(value)}%` : formatNumber(value);
}

/** "Graduation rate (4-year) 64.2%" */
export function describeFigure(measure: string, value: number): string {
  return `${measureLabel(measure)} ${formatValue(measure, value)}`;
}

/** "2017–2019", or "2019" for one year. */
export function formatYears(years: readonly number[]): string {
  if (years.length === 0) return 'no years';
  const first = Math.min(...years);
  const last = Math.max(...years);
  return first === last ? String(first) : `${first}–${last}`;
}

/** 1st, 2nd, 3rd, 4th, 11th, 21st … */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  const suffix = ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${n % 10 > 3 ? 'th' : suffix}`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatNumber(count, 0)} ${count === 1 ? one : many}`;
}
