// Awards actually paid under an incentive program (issue #5): recorded one by one or by a CSV
// upload of staff id, school year and amount (optionally the date paid). An upload is all or
// nothing: every row is checked first, and one bad row rejects the file with every problem named
// by row and column. Awards are personnel records: names go to HR and the district leader only,
// and each person listed is an audit event; others see totals by school year.
import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import {
  findExistingAwards,
  findStaffIds,
  insertAwards,
  listAwards,
  type AwardInsert,
} from '../db/queries/incentives.ts';
import { canViewIncentiveNames, type Actor } from '../domain/access/access.ts';
import { badRequest, type FieldProblem } from '../domain/shared/errors.ts';
import { recordAudit } from './audit.ts';
import {
  assertCanManageIncentives,
  assertCanViewIncentives,
  getIncentiveProgram,
} from './incentives.ts';

export const MAX_UPLOAD_ROWS = 20_000;
const MAX_PROBLEMS = 100;

export const AwardInputSchema = z.object({
  staffId: z.string().trim().min(1).max(40),
  schoolYear: z.number().int().min(1990).max(2100),
  amount: z.number().positive().max(1_000_000),
  paidOn: z.iso.date().optional(),
});
export type AwardInput = z.infer<typeof AwardInputSchema>;

export interface AwardView {
  id: string;
  staffId: string;
  name: string;
  schoolYear: number;
  amount: number;
  paidOn: string | null;
  recordedBy: 'upload' | 'hand';
}

export interface AwardList {
  /** Empty for those who may not see names. */
  awards: AwardView[];
  byYear: { schoolYear: number; people: number; amount: number }[];
  canSeeNames: boolean;
}

const toCents = (amount: number) => Math.round(amount * 100);

/** Checks rows against the staff and the program's existing awards; returns the problems. */
async function checkRows(
  db: Db,
  actor: Actor,
  programId: string,
  rows: readonly { line: number; award: AwardInput }[],
): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  const ids = rows.map((r) => r.award.staffId);
  const [known, existing] = await Promise.all([
    findStaffIds(db, actor.districtId, ids),
    findExistingAwards(db, actor.districtId, programId, ids),
  ]);
  const taken = new Set(existing.map((e) => `${e.staffId}\u0000${e.schoolYear}`));
  const seen = new Map<string, number>();
  for (const { line, award } of rows) {
    const key = `${award.staffId}\u0000${award.schoolYear}`;
    if (!known.has(award.staffId)) {
      problems.push({
        field: `row ${line}, staff_id`,
        message: `No staff member ${award.staffId}.`,
      });
    }
    if (taken.has(key)) {
      problems.push({
        field: `row ${line}, staff_id`,
        message: `${award.staffId} already has an award in ${award.schoolYear} under this program.`,
      });
    }
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.push({
        field: `row ${line}, staff_id`,
        message: `${award.staffId} in ${award.schoolYear} is also on row ${earlier}.`,
      });
    } else seen.set(key, line);
  }
  return problems;
}

async function write(
  db: Db,
  actor: Actor,
  programId: string,
  awards: readonly AwardInput[],
  uploadId: string | null,
) {
  const inserts: AwardInsert[] = awards.map((a) => ({
    id: randomUUID(),
    staffId: a.staffId,
    schoolYear: a.schoolYear,
    amountCents: toCents(a.amount),
    paidOn: a.paidOn ?? null,
  }));
  await insertAwards(db, actor.districtId, programId, inserts, {
    uploadId,
    userId: actor.userId,
  });
  return inserts;
}

export async function recordAward(
  db: Db,
  actor: Actor,
  programId: string,
  input: AwardInput,
): Promise<{ recorded: number }> {
  assertCanManageIncentives(actor);
  await getIncentiveProgram(db, actor, programId);
  const award = AwardInputSchema.parse(input);
  const problems = await checkRows(db, actor, programId, [{ line: 1, award }]);
  if (problems.length > 0) {
    throw badRequest(
      problems[0]?.message ?? 'The award cannot be recorded.',
      problems.map((p) => ({
        ...p,
        field: p.field.replace(/^row 1, /, '').replace('staff_id', 'staffId'),
      })),
    );
  }
  await write(db, actor, programId, [award], null);
  await recordAudit(db, actor, {
    action: 'incentive_award_recorded',
    subjectType: 'staff',
    subjectId: award.staffId,
    detail: { programId, schoolYear: award.schoolYear },
  });
  return { recorded: 1 };
}

const HEADERS = ['staff_id', 'school_year', 'amount'] as const;

/** "$5,000.00", "5000" → 5000; anything else → NaN. */
function parseAmount(text: string): number {
  const cleaned = text.trim().replace(/^\$/, '').replace(/,/g, '');
  return /^\d+(\.\d{1,2})?$/.test(cleaned) ? Number(cleaned) : Number.NaN;
}

/** A CSV of awards: staff_id, school_year, amount[, paid_on]. All rows, or none. */
export async function uploadAwards(
  db: Db,
  actor: Actor,
  programId: string,
  csvText: string,
): Promise<{ recorded: number; uploadId: string; total: number }> {
  assertCanManageIncentives(actor);
  await getIncentiveProgram(db, actor, programId);
  let records: string[][];
  try {
    records = parse(csvText, {
      bom: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
    });
  } catch {
    throw badRequest('The file is not a readable CSV.');
  }
  const header = (records[0] ?? []).map((h) => h.toLowerCase());
  const missing = HEADERS.filter((h) => !header.includes(h));
  if (missing.length > 0) {
    throw badRequest(`The CSV needs the columns ${HEADERS.join(', ')} (and optionally paid_on).`, [
      { field: 'header', message: `Missing: ${missing.join(', ')}.` },
    ]);
  }
  const body = records.slice(1);
  if (body.length === 0) throw badRequest('The CSV has no rows.');
  if (body.length > MAX_UPLOAD_ROWS) {
    throw badRequest(`At most ${MAX_UPLOAD_ROWS.toLocaleString('en-US')} rows per upload.`);
  }
  const col = (name: string) => header.indexOf(name);
  const problems: FieldProblem[] = [];
  const rows: { line: number; award: AwardInput }[] = [];
  body.forEach((cells, index) => {
    // Line 1 is the header, so the first data row is row 2, as a spreadsheet numbers it.
    const line = index + 2;
    const cell = (name: string) => (col(name) >= 0 ? (cells[col(name)] ?? '') : '');
    const year = Number(cell('school_year'));
    const amount = parseAmount(cell('amount'));
    const paidOn = cell('paid_on');
    const parsed = AwardInputSchema.safeParse({
      staffId: cell('staff_id'),
      schoolYear: /^\d{4}$/.test(cell('school_year')) ? year : Number.NaN,
      amount,
      ...(paidOn ? { paidOn } : {}),
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '');
        const column =
          { staffId: 'staff_id', schoolYear: 'school_year', amount: 'amount', paidOn: 'paid_on' }[
            field
          ] ?? field;
        const message =
          column === 'amount'
            ? `“${cell('amount')}” is not an amount in dollars above 0 (up to $1,000,000).`
            : column === 'school_year'
              ? `“${cell('school_year')}” is not a school year such as 2024.`
              : column === 'paid_on'
                ? `“${paidOn}” is not a date such as 2024-06-30.`
                : issue.message;
        problems.push({ field: `row ${line}, ${column}`, message });
      }
    } else rows.push({ line, award: parsed.data });
  });
  problems.push(...(await checkRows(db, actor, programId, rows)));
  if (problems.length > 0) {
    const lines = new Set(problems.map((p) => p.field.split(',')[0]));
    throw badRequest(
      `${lines.size} of ${body.length} rows have problems; nothing was recorded. Correct them and upload the file again.`,
      problems.slice(0, MAX_PROBLEMS),
    );
  }
  const uploadId = randomUUID();
  const written = await write(
    db,
    actor,
    programId,
    rows.map((r) => r.award),
    uploadId,
  );
  const total = written.reduce((sum, w) => sum + w.amountCents, 0) / 100;
  await recordAudit(db, actor, {
    action: 'incentive_awards_uploaded',
    subjectType: 'incentive_program',
    subjectId: programId,
    detail: { uploadId, rows: written.length },
  });
  return { recorded: written.length, uploadId, total };
}

export async function listProgramAwards(
  db: Db,
  actor: Actor,
  programId: string,
): Promise<AwardList> {
  assertCanViewIncentives(actor);
  await getIncentiveProgram(db, actor, programId);
  const rows = await listAwards(db, actor.districtId, programId);
  const years = new Map<number, { people: number; cents: number }>();
  for (const r of rows) {
    const entry = years.get(r.schoolYear) ?? { people: 0, cents: 0 };
    entry.people += 1;
    entry.cents += r.amountCents;
    years.set(r.schoolYear, entry);
  }
  const byYear = [...years.entries()]
    .sort((a, b) => b[0] - a[0])
    .map(([schoolYear, v]) => ({ schoolYear, people: v.people, amount: v.cents / 100 }));
  const canSeeNames = canViewIncentiveNames(actor);
  if (!canSeeNames) return { awards: [], byYear, canSeeNames };
  await recordAudit(
    db,
    actor,
    ...rows.map((r) => ({
      action: 'incentive_award_read',
      subjectType: 'staff',
      subjectId: r.staffId,
      detail: { programId, schoolYear: r.schoolYear },
    })),
  );
  return {
    awards: rows.map((r) => ({
      id: r.id,
      staffId: r.staffId,
      name: `${r.firstName} ${r.lastName}`,
      schoolYear: r.schoolYear,
      amount: r.amountCents / 100,
      paidOn: r.paidOn,
      recordedBy: r.uploadId ? 'upload' : 'hand',
    })),
    byYear,
    canSeeNames,
  };
}
