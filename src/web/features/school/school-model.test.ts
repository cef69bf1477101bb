import { describe, expect, it } from 'vitest';
import type { SchoolSeries } from '../../api/types.ts';
import { figure, measure, missing, suppressed } from '../../test-support.ts';
import { categorySections, describeTrend, keyFigures, studentGroupTable } from './school-model.ts';

const score = measure('spg_score', 'score', { label: 'Performance score' });
const proficiency = measure('achievement_score', 'percent', { label: 'Proficiency' });
const enrollment = measure('enrollment', 'count', { label: 'Enrollment', category: 'profile' });
const grad = measure('grad_rate_4yr', 'percent', { label: 'Graduation rate' });
const spend = measure('ppe_total', 'dollars', { label: 'Per-pupil spending', category: 'finance' });

const series: SchoolSeries[] = [
  {
    measure: score,
    studentGroup: 'all',
    points: [figure(75, { year: 2019 }), figure(68, { year: 2015 })],
  },
  {
    measure: proficiency,
    studentGroup: 'all',
    points: [figure(60.5, { year: 2019, n: 900 })],
  },
  { measure: proficiency, studentGroup: 'el', points: [suppressed('<10', 2019)] },
  {
    measure: proficiency,
    studentGroup: 'econ_disadv',
    points: [figure(40, { year: 2018, n: 300 }), figure(42, { year: 2019, n: 310 })],
  },
  { measure: enrollment, studentGroup: 'all', points: [figure(812, { year: 2019 })] },
  { measure: spend, studentGroup: 'all', points: [figure(9000, { year: 2018 })] },
  { measure: grad, studentGroup: 'all', points: [missing(2018), missing(2019)] },
];

describe('categorySections', () => {
  it('groups all-students trends by category in page order, oldest year first', () => {
    const sections = categorySections({ series });
    expect(sections.map((s) => s.title)).toEqual(['Profile', 'Outcomes', 'Finance']);
    const outcomes = sections[1]!;
    expect(outcomes.trends.map((t) => t.measure.key)).toEqual(['spg_score', 'achievement_score']);
    expect(outcomes.trends[0]!.points.map((p) => p.year)).toEqual([2015, 2019]);
    expect(outcomes.unreported.map((m) => m.key)).toEqual(['grad_rate_4yr']);
  });
});

describe('keyFigures', () => {
  it('takes the headline measures in their set order', () => {
    expect(keyFigures({ series }).map((t) => t.measure.key)).toEqual([
      'enrollment',
      'spg_score',
      'achievement_score',
      'ppe_total',
    ]);
  });
});

describe('studentGroupTable', () => {
  it('shows the latest year with all students first', () => {
    const table = studentGroupTable({ series })!;
    expect(table.year).toBe(2019);
    expect(table.measures.map((m) => m.key)).toEqual(['achievement_score']);
    expect(table.rows.map((r) => r.group)).toEqual(['all', 'econ_disadv', 'el']);
    expect(table.measures.map((m) => m.key)).toEqual(['achievement_score']);
    expect(table.rows[1]!.figures.achievement_score?.value).toBe(42);
    expect(table.rows[2]!.figures.achievement_score?.status).toBe('suppressed');
  });

  it('is null when no measure is reported by group', () => {
    expect(
      studentGroupTable({ series: series.filter((s) => s.studentGroup === 'all') }),
    ).toBeNull();
  });
});

describe('describeTrend', () => {
  it('gives the first and last figures and the change', () => {
    expect(
      describeTrend({ measure: score, points: [figure(68, { year: 2015 }), figure(75)] }),
    ).toBe('Performance score: 68 in 2014–15, 75 in 2018–19 (up 7).');
  });

  it('speaks of percentage points and names suppressed and missing years', () => {
    const text = describeTrend({
      measure: proficiency,
      points: [
        figure(50, { year: 2015 }),
        suppressed('<10', 2016),
        missing(2017),
        figure(45.5, { year: 2019 }),
      ],
    });
    expect(text).toBe(
      'Proficiency: 50.0% in 2014–15, 45.5% in 2018–19 (down 4.5 percentage points). Suppressed in 2015–16. Not reported in 2016–17.',
    );
  });

  it('handles a single figure and none', () => {
    expect(describeTrend({ measure: spend, points: [figure(9000, { year: 2018 })] })).toBe(
      'Per-pupil spending: $9,000 in 2017–18.',
    );
    expect(describeTrend({ measure: spend, points: [missing(2018)] })).toBe(
      'Per-pupil spending: no reported figures. Not reported in 2017–18.',
    );
  });
});
