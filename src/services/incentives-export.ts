// The incentive designer's exports (issue #5): the cost by school (counts and dollars, suppressed
// as on the page) and, for HR and the district leader only, the eligible people by name — built
// as ExportTables so the CSV (and any other renderer) prints the same figures.
import type { Db } from '../db/connection.ts';
import type { Actor } from '../domain/access/access.ts';
import type { ExportTable } from './exports/table.ts';
import { formatSchoolYear } from './diagnostics-shared.ts';
import { evaluateIncentiveProgram, listEligibleStaff } from './incentives.ts';

export async function programSchoolsTable(
  db: Db,
  actor: Actor,
  id: string,
  options: { year?: number } = {},
): Promise<ExportTable> {
  const result = await evaluateIncentiveProgram(db, actor, id, options);
  const marker = `n<${result.minimumN}`;
  return {
    title: `${result.program.name}: eligible people and cost by school, ${formatSchoolYear(result.staffYear)}`,
    notes: result.methods,
    columns: [
      { key: 'school_id', header: 'School id', kind: 'text', definition: 'The school’s id.' },
      { key: 'school_name', header: 'School', kind: 'text', definition: 'The school’s name.' },
      {
        key: 'poverty_quartile',
        header: 'Poverty quartile',
        kind: 'count',
        definition: 'District quartile of % economically disadvantaged (4 = highest).',
      },
      {
        key: 'tier',
        header: 'Tier',
        kind: 'text',
        definition: 'Tier under the program’s rule set.',
      },
      {
        key: 'category',
        header: 'Program category',
        kind: 'text',
        definition: 'The program’s school category the school falls in.',
      },
      {
        key: 'eligible_people',
        header: 'Eligible people',
        kind: 'count',
        definition: `People eligible today; suppressed below ${result.minimumN} for readers without access to names.`,
      },
      {
        key: 'amount_dollars',
        header: 'Amount ($)',
        kind: 'decimal',
        digits: 2,
        definition: 'Full awards of the eligible people, after any proration to the budget.',
      },
    ],
    rows: result.bySchool.map((s) => [
      s.schoolId,
      s.name,
      s.povertyQuartile,
      s.tier,
      s.categoryLabel,
      s.suppressed ? { suppressed: marker } : s.people,
      s.suppressed ? { suppressed: marker } : s.amount,
    ]),
  };
}

/** Names: only for HR and the district leader; each person is audited by listEligibleStaff. */
export async function eligiblePeopleTable(
  db: Db,
  actor: Actor,
  id: string,
  options: { year?: number } = {},
): Promise<ExportTable> {
  const list = await listEligibleStaff(db, actor, id, options);
  return {
    title: `${list.program}: eligible people, ${formatSchoolYear(list.staffYear)} (confidential)`,
    notes: ['Individual personnel information built on evaluation ratings: keep it confidential.'],
    columns: [
      { key: 'staff_id', header: 'Staff id', kind: 'text', definition: 'Staff id.' },
      { key: 'name', header: 'Name', kind: 'text', definition: 'Name.' },
      { key: 'school_name', header: 'School', kind: 'text', definition: 'Main school.' },
      { key: 'role', header: 'Role', kind: 'text', definition: 'Role in the assignment.' },
      { key: 'rating', header: 'Rating', kind: 'text', definition: 'Rating that school year.' },
      {
        key: 'amount_dollars',
        header: 'Award ($)',
        kind: 'decimal',
        digits: 2,
        definition: 'The full award, after the per-person cap.',
      },
      { key: 'reasons', header: 'Why', kind: 'text', definition: 'Why the person qualifies.' },
    ],
    rows: list.people.map((p) => [
      p.staffId,
      p.name,
      p.schoolName,
      p.role,
      p.rating,
      p.amount,
      p.reasons.join(' '),
    ]),
  };
}
