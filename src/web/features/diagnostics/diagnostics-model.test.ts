import { describe, expect, it } from 'vitest';
import type { DiagnosticSchoolRow } from '../../api/types.ts';
import { EMPTY_FILTER, filterByPlace, filterRows, regionChoices } from './diagnostics-model.ts';

function row(id: string, level: DiagnosticSchoolRow['level'], region: string | null) {
  const r: DiagnosticSchoolRow = {
    id,
    name: `School ${id}`,
    level,
    isTitleI: false,
    region,
    needIndex: null,
    econDisadv: null,
    actual: null,
    expected: null,
    residual: null,
    averageResidual: null,
    yearsUsed: [],
    pValue: null,
    classification: 'not_rated',
    classificationReason: 'Not rated.',
    identification: { identified: false, designations: [], tier: null, reasons: [] },
  };
  return r;
}

const rows = [
  row('1', 'elementary', 'Cary'),
  row('2', 'high', 'Apex'),
  row('3', 'elementary', 'Apex'),
  row('4', 'middle', null),
];

describe('the region filter on Needs & results', () => {
  it('offers each region once, sorted, and leaves out schools without one', () => {
    expect(regionChoices(rows)).toEqual(['Apex', 'Cary']);
  });

  it('narrows by region and level together', () => {
    const ids = (list: DiagnosticSchoolRow[]) => list.map((r) => r.id);
    expect(ids(filterByPlace(rows, { level: 'all', region: 'Apex' }))).toEqual(['2', '3']);
    expect(ids(filterByPlace(rows, { level: 'elementary', region: 'Apex' }))).toEqual(['3']);
    expect(ids(filterByPlace(rows, { level: 'all', region: '' }))).toEqual(['1', '2', '3', '4']);
    expect(ids(filterRows(rows, { ...EMPTY_FILTER, region: 'Cary' }))).toEqual(['1']);
  });
});
