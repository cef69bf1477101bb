// Residencies for aspiring principals (issue #6; Gwinnett County's aspiring principals complete
// residencies at two different schools, seed 000): the resident, the two host schools with a
// mentor principal at each, the dates and the status. A completed or current resident is an
// aspiring candidate in principal placement. District leaders and HR manage all; a principal
// supervisor those hosted in their caseload; a principal sees those hosted at their school.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import {
  deleteResidency,
  getResidency,
  insertResidency,
  listResidencies as findResidencies,
  listStaffNames,
  staffExists,
  updateResidency,
  type ResidencyRow,
} from '../db/queries/principals.ts';
import { listMatchingSchools } from '../db/queries/matching.ts';
import type { Actor } from '../domain/access/access.ts';
import { badRequest, forbidden, notFound } from '../domain/shared/errors.ts';
import { recordAudit } from './audit.ts';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
export const ResidencyInputSchema = z
  .object({
    residentStaffId: z.string().min(1).max(64),
    firstSchoolId: z.string().min(1).max(64),
    firstMentorStaffId: z.string().min(1).max(64).nullable().default(null),
    secondSchoolId: z.string().min(1).max(64),
    secondMentorStaffId: z.string().min(1).max(64).nullable().default(null),
    startsOn: IsoDate,
    endsOn: IsoDate,
    status: z.enum(['planned', 'in_progress', 'completed', 'withdrawn']).default('planned'),
    note: z.string().max(1000).default(''),
  })
  .refine((r) => r.firstSchoolId !== r.secondSchoolId, {
    message: 'The two host schools must differ (a residency is at two schools).',
    path: ['secondSchoolId'],
  })
  .refine((r) => r.endsOn >= r.startsOn, {
    message: 'The end date is before the start.',
    path: ['endsOn'],
  });
export type ResidencyInput = z.input<typeof ResidencyInputSchema>;

export interface ResidencyView extends ResidencyRow {
  residentName: string;
  firstSchoolName: string;
  secondSchoolName: string;
  firstMentorName: string | null;
  secondMentorName: string | null;
  canEdit: boolean;
}

type Scope = { manage: 'all' | Set<string>; view: 'all' | Set<string> };

function scopeOf(actor: Actor): Scope {
  const district = actor.grants.some(
    (g) => g.schoolId === null && (g.role === 'district_leader' || g.role === 'hr'),
  );
  if (district) return { manage: 'all', view: 'all' };
  const caseload = new Set(
    actor.grants
      .filter((g) => g.role === 'principal_supervisor' && g.schoolId)
      .map((g) => g.schoolId ?? ''),
  );
  const own = actor.grants
    .filter((g) => g.role === 'principal' && g.schoolId)
    .map((g) => g.schoolId ?? '');
  return { manage: caseload, view: new Set([...caseload, ...own]) };
}

const covers = (
  s: 'all' | Set<string>,
  r: Pick<ResidencyRow, 'firstSchoolId' | 'secondSchoolId'>,
) => s === 'all' || s.has(r.firstSchoolId) || s.has(r.secondSchoolId);

export async function listResidencies(db: Db, actor: Actor): Promise<ResidencyView[]> {
  const scope = scopeOf(actor);
  if (scope.view !== 'all' && scope.view.size === 0) throw forbidden();
  const rows = (await findResidencies(db, actor.districtId)).filter((r) => covers(scope.view, r));
  const [schools, people] = await Promise.all([
    listMatchingSchools(db, actor.districtId),
    listStaffNames(db, actor.districtId, [
      ...new Set(
        rows
          .flatMap((r) => [r.residentStaffId, r.firstMentorStaffId, r.secondMentorStaffId])
          .filter((x): x is string => x !== null),
      ),
    ]),
  ]);
  const schoolName = new Map(schools.map((s) => [s.id, s.name]));
  const person = new Map(people.map((p) => [p.id, `${p.firstName} ${p.lastName}`]));
  return rows.map((r) => ({
    ...r,
    residentName: person.get(r.residentStaffId) ?? r.residentStaffId,
    firstSchoolName: schoolName.get(r.firstSchoolId) ?? r.firstSchoolId,
    secondSchoolName: schoolName.get(r.secondSchoolId) ?? r.secondSchoolId,
    firstMentorName:
      r.firstMentorStaffId === null
        ? null
        : (person.get(r.firstMentorStaffId) ?? r.firstMentorStaffId),
    secondMentorName:
      r.secondMentorStaffId === null
        ? null
        : (person.get(r.secondMentorStaffId) ?? r.secondMentorStaffId),
    canEdit: covers(scope.manage, r),
  }));
}

async function validate(db: Db, actor: Actor, raw: ResidencyInput) {
  const parsed = ResidencyInputSchema.safeParse(raw);
  if (!parsed.success) {
    throw badRequest(
      'The residency is not valid.',
      parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
    );
  }
  const input = parsed.data;
  const scope = scopeOf(actor);
  if (!covers(scope.manage, input)) {
    throw forbidden(
      'Only a district leader, HR, or the host schools’ principal supervisor may manage residencies.',
    );
  }
  const schools = new Set((await listMatchingSchools(db, actor.districtId)).map((s) => s.id));
  for (const id of [input.firstSchoolId, input.secondSchoolId]) {
    if (!schools.has(id)) throw notFound(`School ${id}`);
  }
  for (const id of [input.residentStaffId, input.firstMentorStaffId, input.secondMentorStaffId]) {
    if (id !== null && !(await staffExists(db, actor.districtId, id)))
      throw notFound(`Staff member ${id}`);
  }
  return input;
}

export async function createResidency(db: Db, actor: Actor, raw: ResidencyInput): Promise<string> {
  const input = await validate(db, actor, raw);
  const id = randomUUID();
  await insertResidency(db, actor.districtId, id, actor.userId, input);
  await recordAudit(db, actor, {
    action: 'residency.create',
    subjectType: 'residency',
    subjectId: id,
    detail: {},
  });
  return id;
}

export async function editResidency(db: Db, actor: Actor, id: string, raw: ResidencyInput) {
  const existing = await getResidency(db, actor.districtId, id);
  if (!existing || !covers(scopeOf(actor).view, existing)) throw notFound(`Residency ${id}`);
  if (!covers(scopeOf(actor).manage, existing)) throw forbidden();
  const input = await validate(db, actor, raw);
  await updateResidency(db, actor.districtId, id, input);
  await recordAudit(db, actor, {
    action: 'residency.update',
    subjectType: 'residency',
    subjectId: id,
    detail: { status: input.status },
  });
}

export async function removeResidency(db: Db, actor: Actor, id: string) {
  const existing = await getResidency(db, actor.districtId, id);
  if (!existing || !covers(scopeOf(actor).view, existing)) throw notFound(`Residency ${id}`);
  if (!covers(scopeOf(actor).manage, existing)) throw forbidden();
  await deleteResidency(db, actor.districtId, id);
  await recordAudit(db, actor, {
    action: 'residency.delete',
    subjectType: 'residency',
    subjectId: id,
    detail: {},
  });
}
