// Numbers and codes as people read them: 1,234 students; 45.2%; $9,876; 'Met'; 2018–19.
import type { Figure, MeasureUnit, Role, SchoolLevel } from '../api/types.ts';
import { LEVEL_LABELS } from '../../domain/schools/levels.ts';
import { ROLE_LABELS } from '../../domain/access/access.ts';
import { STUDENT_GROUPS, isStudentGroup } from '../../domain/shared/catalogue.ts';

const LOCALE = 'en-US';
const integer = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(LOCALE, {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
const upToOneDecimal = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat(LOCALE, {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const signedTwoDecimals = new Intl.NumberFormat(LOCALE, {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
  signDisplay: 'exceptZero',
});
const dollars = new Intl.NumberFormat(LOCALE, {
  style: 'currency',
  currency: 'USD',
  maximumFractionDigits: 0,
});
const dateFormat = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium' });

/** Typographic minus (U+2212) instead of a hyphen, so negative numbers read as numbers. */
const withMinus = (text: string) => text.replace(/^-/, '\u2212');

export function formatCount(value: number): string {
  return integer.format(value);
}

/** A percentage stored on the 0–100 scale. */
export function formatPercent(value: number): string {
  return `${oneDecimal.format(value)}%`;
}

export function formatDollars(value: number): string {
  return withMinus(dollars.format(value));
}

/** A number in the unit it is measured in (no status handling: see formatFigure). */
export function formatNumber(value: number, unit: MeasureUnit): string {
  switch (unit) {
    case 'percent':
      return formatPercent(value);
    case 'count':
      return formatCount(value);
    case 'dollars':
      return formatDollars(value);
    case 'index':
      return withMinus(signedTwoDecimals.format(value));
    case 'ratio':
      return twoDecimals.format(value);
    case 'score':
    case 'grade':
    case 'status':
      return withMinus(upToOneDecimal.format(value));
  }
}

const STATUS_TEXT: Record<string, string> = {
  NotMet: 'Not met',
  'Not Met': 'Not met',
  Met: 'Met',
  Exceeded: 'Exceeded',
  Y: 'Yes',
  N: 'No',
};

/** A published code as words: 'NotMet' → 'Not met', 'Y' → 'Yes'; grades stay as letters. */
export function formatText(text: string, unit: MeasureUnit): string {
  if (unit === 'status') return STATUS_TEXT[text] ?? text;
  return text;
}

/** The text of a figure: its value, 'Suppressed', or '—' when it was not reported. */
export function formatFigure(figure: Figure | undefined, unit: MeasureUnit): string {
  if (!figure || figure.status === 'missing') return '—';
  if (figure.status === 'suppressed') return 'Suppressed';
  if (figure.text !== null && (unit === 'grade' || unit === 'status' || figure.value === null)) {
    return formatText(figure.text, unit);
  }
  if (figure.value === null) return '—';
  return formatNumber(figure.value, unit);
}

/** The year a figure belongs to as a school year: 2019 → '2018–19'. */
export function formatSchoolYear(year: number): string {
  return `${year - 1}\u2013${String(year % 100).padStart(2, '0')}`;
}

/** A span of school years: [2015, 2019] → '2014–15 to 2018–19'. */
export function formatYearRange(years: readonly number[]): string {
  if (years.length === 0) return '';
  const first = Math.min(...years);
  const last = Math.max(...years);
  return first === last
    ? formatSchoolYear(first)
    : `${formatSchoolYear(first)} to ${formatSchoolYear(last)}`;
}

export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}

export function formatLevel(level: SchoolLevel): string {
  return LEVEL_LABELS[level];
}

export function formatRole(role: Role): string {
  return ROLE_LABELS[role];
}

export function formatYesNo(value: boolean | null): string {
  if (value === null) return '—';
  return value ? 'Yes' : 'No';
}

export function formatStudentGroup(group: string): string {
  return isStudentGroup(group) ? STUDENT_GROUPS[group] : group;
}

/** '5 schools', '1 school'. */
export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : plural}`;
}

/** A correlation coefficient for people: −0.81. */
export function formatCorrelation(r: number): string {
  return withMinus(twoDecimals.format(r));
}

/** Words for a licence code: 'lateral_entry' → 'Lateral entry'. */
export function formatCode(code: string): string {
  const words = code.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}
