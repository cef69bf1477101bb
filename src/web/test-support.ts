// Builders for the web app's unit tests: plain objects in the API's shapes.
import type { Figure, MeasureInfo, SchoolSummary } from './api/types.ts';

export function figure(value: number | null, overrides: Partial<Figure> = {}): Figure {
  return { year: 2019, value, text: null, status: 'reported', n: null, marker: null, ...overrides };
}

export function textFigure(text: string, overrides: Partial<Figure> = {}): Figure {
  return figure(null, { text, ...overrides });
}

export const suppressed = (marker = '<10', year = 2019): Figure =>
  figure(null, { status: 'suppressed', marker, year });

export const missing = (year = 2019): Figure => figure(null, { status: 'missing', year });

export function measure(
  key: string,
  unit: MeasureInfo['unit'],
  overrides: Partial<MeasureInfo> = {},
): MeasureInfo {
  return {
    key,
    label: key,
    category: 'outcome',
    unit,
    higherIsBetter: null,
    description: `${key} description`,
    source: 'test',
    ...overrides,
  };
}

export function school(
  id: string,
  name: string,
  figures: Record<string, Figure> = {},
  overrides: Partial<SchoolSummary> = {},
): SchoolSummary {
  return {
    id,
    name,
    level: 'elementary',
    gradeSpan: 'K-5',
    isTitleI: false,
    city: 'Raleigh',
    region: null,
    figures,
    ...overrides,
  };
}
