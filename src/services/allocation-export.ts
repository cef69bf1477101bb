// The allocation planner's exports (issue #5): one scenario's shares with every school's reasons,
// 2–4 scenarios side by side, and the comparability test — as ExportTables for the CSV.
import type { Db } from '../db/connection.ts';
import type { Actor } from '../domain/access/access.ts';
import type { ExportColumn, ExportTable } from './exports/table.ts';
import {
  compareAllocationScenarios,
  runAllocationScenario,
  type RunOptions,
} from './allocation.ts';
import { runComparability } from './funding.ts';

const SCHOOL: ExportColumn[] = [
  { key: 'school_id', header: 'School id', kind: 'text', definition: 'The school’s id.' },
  { key: 'school_name', header: 'School', kind: 'text', definition: 'The school’s name.' },
  {
    key: 'need_index',
    header: 'Need index',
    kind: 'decimal',
    digits: 1,
    definition: 'Need index 0–100 from the diagnostics (see the method note).',
  },
  { key: 'tier', header: 'Tier', kind: 'count', definition: 'Tier rank (1 is served first).' },
];

export async function allocationTable(
  db: Db,
  actor: Actor,
  id: string,
  options: RunOptions = {},
): Promise<ExportTable> {
  const { result, basis, scenario } = await runAllocationScenario(db, actor, id, options);
  const unit = scenario.rules.unit === 'fte' ? 'FTE' : '$';
  return {
    title: `${scenario.rules.name}: allocation by school`,
    notes: [...result.explanation, ...result.problems, ...basis.methods],
    columns: [
      ...SCHOOL,
      { key: 'floor', header: `Floor (${unit})`, kind: 'decimal', digits: 2, definition: 'Floor.' },
      {
        key: 'cap',
        header: `Cap (${unit})`,
        kind: 'decimal',
        digits: 2,
        definition: 'Cap; blank if none.',
      },
      {
        key: 'exact_share',
        header: `Exact share (${unit})`,
        kind: 'decimal',
        digits: 2,
        definition: 'The share before rounding to whole units.',
      },
      {
        key: 'amount',
        header: `Amount (${unit})`,
        kind: 'decimal',
        digits: 2,
        definition: 'Allocated.',
      },
      { key: 'reasons', header: 'Why', kind: 'text', definition: 'How the share was reached.' },
    ],
    rows: result.schools.map((s) => [
      s.schoolId,
      s.name,
      s.needIndex,
      s.tier,
      s.floor,
      s.cap,
      s.unrounded,
      s.amount,
      s.reasons.join(' '),
    ]),
  };
}

export async function comparisonTable(
  db: Db,
  actor: Actor,
  ids: readonly string[],
  options: RunOptions = {},
): Promise<ExportTable> {
  const comparison = await compareAllocationScenarios(db, actor, ids, options);
  return {
    title: `Allocation scenarios side by side: ${comparison.scenarios.map((s) => s.rules.name).join(', ')}`,
    notes: [...comparison.results.flatMap((r) => r.explanation), ...comparison.basis.methods],
    columns: [
      ...SCHOOL,
      ...comparison.scenarios.map((s, i): ExportColumn => ({
        key: `scenario_${i + 1}`,
        header: `${s.rules.name} (${s.rules.unit === 'fte' ? 'FTE' : '$'})`,
        kind: 'decimal',
        digits: 2,
        definition: `Amount under ${s.rules.name}.`,
      })),
      {
        key: 'spread',
        header: 'Spread',
        kind: 'decimal',
        digits: 2,
        definition: 'Largest − smallest.',
      },
      { key: 'explanation', header: 'Difference', kind: 'text', definition: 'How they differ.' },
    ],
    rows: comparison.rows.map((r) => [
      r.schoolId,
      r.name,
      r.needIndex,
      r.tier,
      ...r.amounts,
      r.spread,
      r.explanation,
    ]),
  };
}

export async function comparabilityTable(
  db: Db,
  actor: Actor,
  options: Parameters<typeof runComparability>[2] = {},
): Promise<ExportTable> {
  const run = await runComparability(db, actor, options);
  return {
    title: 'Title I comparability (ESEA §1118(c))',
    notes: run.methods,
    columns: [
      { key: 'school_id', header: 'School id', kind: 'text', definition: 'The school’s id.' },
      { key: 'school_name', header: 'School', kind: 'text', definition: 'The school’s name.' },
      { key: 'grade_span', header: 'Grade span', kind: 'text', definition: 'Grade span compared.' },
      { key: 'title_i', header: 'Title I', kind: 'flag', definition: 'Y if a Title I school.' },
      {
        key: 'students_per_fte',
        header: 'Students per instructional FTE',
        kind: 'decimal',
        digits: 1,
        definition: 'Enrolment ÷ instructional staff FTE.',
      },
      {
        key: 'comparison_average',
        header: 'Non-Title I average',
        kind: 'decimal',
        digits: 1,
        definition: 'The span’s non-Title I average.',
      },
      {
        key: 'limit',
        header: 'Limit',
        kind: 'decimal',
        digits: 1,
        definition: 'The threshold × average.',
      },
      {
        key: 'status',
        header: 'Result',
        kind: 'text',
        definition: 'comparable, not_comparable, not_tested or comparison_school.',
      },
      { key: 'reason', header: 'Why', kind: 'text', definition: 'The test in words.' },
    ],
    rows: run.schools.map((s) => [
      s.schoolId,
      s.name,
      s.gradeSpan,
      s.isTitleI ? 'Y' : 'N',
      s.studentsPerFte,
      s.comparisonAverage,
      s.limit,
      s.status,
      s.reason,
    ]),
  };
}
