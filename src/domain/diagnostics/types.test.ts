import { describe, expect, it } from 'vitest';
import { fig, schoolYear, suppressed } from './diagnostics.fixtures.ts';
import {
  figureOf,
  groupByYear,
  groupsPresent,
  reportedText,
  reportedValue,
  usableValue,
} from './types.ts';

describe('reading figures', () => {
  const row = schoolYear(
    'A',
    2019,
    { spg_score: 61, spg_grade: ' C ', enrollment: suppressed() },
    { groups: { all: { pct_el: 7 }, el: { achievement_score: fig(30, 12) } } },
  );

  it('reads all students from values (or groups.all) and a group from groups', () => {
    expect(figureOf(row, 'spg_score')?.value).toBe(61);
    expect(figureOf(row, 'pct_el')?.value).toBe(7);
    expect(figureOf(row, 'achievement_score', 'el')?.n).toBe(12);
    expect(figureOf(row, 'achievement_score', 'swd')).toBeUndefined();
  });

  it('keeps suppressed, missing and zero apart', () => {
    expect(reportedValue(figureOf(row, 'spg_score'))).toBe(61);
    expect(reportedValue(figureOf(row, 'enrollment'))).toBeNull();
    expect(reportedValue(fig(0))).toBe(0);
    expect(reportedText(figureOf(row, 'spg_grade'))).toBe('C');
    expect(reportedText(fig('  '))).toBeNull();
    expect(usableValue(undefined, 10)).toEqual({ ok: false, why: 'missing', n: null });
    expect(usableValue(suppressed(4), 10)).toEqual({ ok: false, why: 'suppressed', n: 4 });
    expect(usableValue(fig(30, 8), 10)).toEqual({ ok: false, why: 'small_n', n: 8 });
    expect(usableValue(fig(30, 10), 10)).toEqual({ ok: true, value: 30, n: 10 });
    // An unpublished n passed its publisher's suppression.
    expect(usableValue(fig(30, null), 10)).toEqual({ ok: true, value: 30, n: null });
    expect(usableValue(fig('text only'), 10)).toEqual({ ok: false, why: 'missing', n: null });
  });

  it('groups rows by year in year order', () => {
    const rows = [schoolYear('A', 2019, {}), schoolYear('B', 2017, {}), schoolYear('C', 2019, {})];
    const byYear = groupByYear(rows);
    expect([...byYear.keys()]).toEqual([2017, 2019]);
    expect(byYear.get(2019)?.map((r) => r.schoolId)).toEqual(['A', 'C']);
  });

  it('finds the student groups any row reports', () => {
    const rows = [row, schoolYear('B', 2019, {}, { groups: { black: { spg_score: 50 } } })];
    expect(groupsPresent(rows, ['all', 'el', 'swd', 'black'])).toEqual(['all', 'el', 'black']);
  });
});
