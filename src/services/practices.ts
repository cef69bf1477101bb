// The practice exchange (issue #6; DOMAIN.md §8; Evansville, seed 001: the district found one
// school's effective peer-observation plan — a pocket of success — had its teachers share their
// templates and protocols, and the practice spread to all 40 schools). A practice records the
// pocket it came from with its figures at the time; schools adopt practices and the district
// watches adoption spread; schools working on the same improvement goal find each other.
import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import {
  getArtifactRow,
  getFigureRow,
  getPracticeRow,
  insertArtifactRow,
  insertGoalRow,
  insertPracticeRow,
  listAdoptionRows,
  listArtifactRows,
  listGoalRows,
  listPracticeRows,
  upsertAdoptionRow,
} from '../db/queries/practices.ts';
import { getSchool } from '../db/queries/schools.ts';
import type { AdoptionStatus } from '../db/schema.ts';
import type { Actor } from '../domain/access/access.ts';
import { AppError, badRequest, notFound } from '../domain/shared/errors.ts';
import { recordAudit } from './audit.ts';
import { describeGroup } from './contracts-rules.ts';
import { getDistrictDiagnostics } from './diagnostics.ts';
import { OUTCOME_KEYS } from './diagnostics-shared.ts';
import { MAX_ARTIFACTS_PER_PRACTICE, checkArtifact, cleanFileName } from './practices-files.ts';
import { supportCsv } from './supports-csv.ts';
import { assertCanActForSchool, assertCanReadSupport, canActForSchool } from './supports-access.ts';

const DateText = z.iso.date('Use a date like 2025-08-15.');

export const PocketRefSchema = z.object({
  year: z.number().int().min(1990).max(2100),
  /** The outcome the diagnostics searched (a residual pocket's measure). */
  outcome: z.enum(OUTCOME_KEYS),
  measure: z.string().min(1).max(80),
  group: z.string().min(1).max(40),
  kind: z.enum(['residual', 'growth']),
});

export const PracticeInputSchema = z.object({
  title: z.string().trim().min(1).max(160),
  description: z.string().trim().min(1).max(8000),
  schoolId: z.string().min(1).max(40),
  pocket: PocketRefSchema.optional(),
});

export const ArtifactInputSchema = z.object({
  fileName: z.string().min(1).max(200),
  /** The file's bytes, base64 (the API is JSON only; see docs/decisions/011-support.md). */
  contentBase64: z
    .string()
    .min(1)
    .max(Math.ceil((5 * 1024 * 1024 * 4) / 3) + 8),
});

export const AdoptionInputSchema = z.object({
  schoolId: z.string().min(1).max(40),
  startedOn: DateText,
  status: z.enum(['planned', 'adopting', 'in_use', 'dropped']),
  notes: z.string().max(2000).default(''),
});

export const GoalInputSchema = z.object({
  schoolId: z.string().min(1).max(40),
  schoolYear: z.number().int().min(1990).max(2100),
  measureKey: z.string().min(1).max(80),
  studentGroup: z.string().min(1).max(40).default('all'),
  statement: z.string().trim().min(1).max(500),
});

/** A practice's evidence: the pocket of success it came from, as it was found. */
export const PracticeEvidenceSchema = z
  .object({
    kind: z.enum(['residual', 'growth']),
    score: z.number(),
    reason: z.string(),
    outcome: z.string(),
    /** The pocket's own figure when recorded (value or text, n, status, batch). */
    figure: z
      .object({
        value: z.number().nullable(),
        text: z.string().nullable(),
        n: z.number().nullable(),
        status: z.string(),
        batchId: z.string(),
      })
      .nullable(),
  })
  .nullable();

export interface PracticeSummary {
  id: string;
  title: string;
  description: string;
  school: { id: string; name: string };
  measureKey: string | null;
  studentGroup: string | null;
  studentGroupLabel: string | null;
  evidenceYear: number | null;
  evidence: z.infer<typeof PracticeEvidenceSchema>;
  adoptions: { total: number; inUse: number };
  createdAt: string;
}

type PracticeRow = NonNullable<Awaited<ReturnType<typeof getPracticeRow>>>;

function summarize(p: PracticeRow, adoptions: Array<{ status: AdoptionStatus }>): PracticeSummary {
  return {
    id: p.id,
    title: p.title,
    description: p.description,
    school: { id: p.school_id, name: p.school_name },
    measureKey: p.measure_key,
    studentGroup: p.student_group,
    studentGroupLabel: p.student_group === null ? null : describeGroup(p.student_group),
    evidenceYear: p.evidence_year,
    evidence: PracticeEvidenceSchema.parse(p.evidence ?? null),
    adoptions: {
      total: adoptions.filter((a) => a.status !== 'dropped').length,
      inUse: adoptions.filter((a) => a.status === 'in_use').length,
    },
    createdAt: new Date(p.created_at).toISOString(),
  };
}

export async function listPractices(db: Db, actor: Actor): Promise<PracticeSummary[]> {
  assertCanReadSupport(actor);
  const [rows, adoptions] = await Promise.all([
    listPracticeRows(db, actor.districtId),
    listAdoptionRows(db, actor.districtId),
  ]);
  return rows.map((p) =>
    summarize(
      p,
      adoptions.filter((a) => a.practice_id === p.id),
    ),
  );
}

/** Cumulative schools adopting by month: the spread over time (dropped schools leave the count). */
export function adoptionTimeline(
  adoptions: readonly { startedOn: string; status: AdoptionStatus }[],
): Array<{ month: string; schools: number }> {
  const byMonth = new Map<string, number>();
  for (const a of adoptions) {
    if (a.status === 'dropped') continue;
    const month = a.startedOn.slice(0, 7);
    byMonth.set(month, (byMonth.get(month) ?? 0) + 1);
  }
  let total = 0;
  return [...byMonth.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([month, n]) => ({ month, schools: (total += n) }));
}

export async function getPractice(db: Db, actor: Actor, id: string) {
  assertCanReadSupport(actor);
  const p = await getPracticeRow(db, actor.districtId, id);
  if (!p) throw notFound('The practice');
  const [artifacts, adoptionRows, goals] = await Promise.all([
    listArtifactRows(db, actor.districtId, id),
    listAdoptionRows(db, actor.districtId, id),
    listGoalRows(db, actor.districtId),
  ]);
  const adoptions = adoptionRows.map((a) => ({
    schoolId: a.school_id,
    schoolName: a.school_name,
    startedOn: a.started_on,
    status: a.status,
    notes: a.notes,
    canUpdate: canActForSchool(actor, a.school_id),
  }));
  // Schools whose improvement goal is the practice's measure and group: likely adopters.
  const sameGoal =
    p.measure_key === null
      ? []
      : goals
          .filter(
            (g) =>
              g.measure_key === p.measure_key && g.student_group === (p.student_group ?? 'all'),
          )
          .map((g) => ({
            schoolId: g.school_id,
            schoolName: g.school_name,
            schoolYear: g.school_year,
            statement: g.statement,
          }));
  return {
    ...summarize(p, adoptionRows),
    artifacts: artifacts.map((a) => ({
      id: a.id,
      fileName: a.file_name,
      mediaType: a.media_type,
      sizeBytes: a.size_bytes,
      sha256: a.sha256,
      uploadedAt: new Date(a.uploaded_at).toISOString(),
    })),
    adoptions,
    timeline: adoptionTimeline(adoptions),
    schoolsWithSameGoal: sameGoal,
    canAddArtifacts: canActForSchool(actor, p.school_id),
  };
}
export type PracticeDetail = Awaited<ReturnType<typeof getPractice>>;

/**
 * Records a practice. With a pocket, the pocket is looked up again in the diagnostics for that
 * year and outcome — it must exist — and its figures as found are stored with the practice.
 */
export async function createPractice(db: Db, actor: Actor, raw: unknown) {
  const input = PracticeInputSchema.parse(raw);
  assertCanActForSchool(actor, input.schoolId);
  if (!(await getSchool(db, actor.districtId, input.schoolId))) {
    throw badRequest(`There is no school ${input.schoolId} in this district.`, [
      { field: 'schoolId', message: 'Unknown school.' },
    ]);
  }
  let evidence: z.infer<typeof PracticeEvidenceSchema> = null;
  if (input.pocket) {
    const ref = input.pocket;
    const d = await getDistrictDiagnostics(db, actor, { year: ref.year, outcome: ref.outcome });
    const pocket = d.pockets.find(
      (x) =>
        x.schoolId === input.schoolId &&
        x.group === ref.group &&
        x.measure === ref.measure &&
        x.kind === ref.kind,
    );
    if (!pocket) {
      throw badRequest(
        'The diagnostics find no such pocket of success for this school in that year.',
        [{ field: 'pocket', message: 'No matching pocket of success.' }],
      );
    }
    const figure = await getFigureRow(db, actor.districtId, {
      schoolId: input.schoolId,
      year: ref.year,
      measureKey: ref.measure,
      group: ref.group,
    });
    evidence = {
      kind: pocket.kind,
      score: pocket.score,
      reason: pocket.reason,
      outcome: ref.outcome,
      figure: figure
        ? {
            value: figure.value,
            text: figure.value_text,
            n: figure.n,
            status: figure.status,
            batchId: figure.batch_id,
          }
        : null,
    };
  }
  const id = randomUUID();
  await insertPracticeRow(db, {
    district_id: actor.districtId,
    id,
    title: input.title,
    description: input.description,
    school_id: input.schoolId,
    measure_key: input.pocket?.measure ?? null,
    student_group: input.pocket?.group ?? null,
    evidence_year: input.pocket?.year ?? null,
    evidence: evidence === null ? null : JSON.stringify(evidence),
    created_by: actor.userId,
  });
  await recordAudit(db, actor, {
    action: 'practice.create',
    subjectType: 'practice',
    subjectId: id,
    detail: { schoolId: input.schoolId, pocket: input.pocket ?? null },
  });
  return getPractice(db, actor, id);
}

export async function uploadArtifact(db: Db, actor: Actor, practiceId: string, raw: unknown) {
  const input = ArtifactInputSchema.parse(raw);
  const p = await getPracticeRow(db, actor.districtId, practiceId);
  if (!p) throw notFound('The practice');
  assertCanActForSchool(actor, p.school_id);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(input.contentBase64)) {
    throw badRequest('The file content is not base64.', [
      { field: 'contentBase64', message: 'Not base64.' },
    ]);
  }
  const bytes = new Uint8Array(Buffer.from(input.contentBase64, 'base64'));
  const fileName = cleanFileName(input.fileName);
  const { mediaType } = checkArtifact(fileName, bytes);
  if (
    (await listArtifactRows(db, actor.districtId, practiceId)).length >= MAX_ARTIFACTS_PER_PRACTICE
  ) {
    throw new AppError('conflict', `A practice keeps at most ${MAX_ARTIFACTS_PER_PRACTICE} files.`);
  }
  const id = randomUUID();
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await insertArtifactRow(db, {
    district_id: actor.districtId,
    practice_id: practiceId,
    id,
    file_name: fileName,
    media_type: mediaType,
    size_bytes: bytes.length,
    sha256,
    content: bytes,
    uploaded_by: actor.userId,
  });
  await recordAudit(db, actor, {
    action: 'practice.artifact.upload',
    subjectType: 'practice',
    subjectId: practiceId,
    detail: { artifactId: id, fileName, sizeBytes: bytes.length, sha256 },
  });
  return getPractice(db, actor, practiceId);
}

export async function readArtifact(db: Db, actor: Actor, practiceId: string, id: string) {
  assertCanReadSupport(actor);
  const a = await getArtifactRow(db, actor.districtId, practiceId, id);
  if (!a) throw notFound('The file');
  return { fileName: a.file_name, mediaType: a.media_type, content: a.content, sha256: a.sha256 };
}

export async function setAdoption(db: Db, actor: Actor, practiceId: string, raw: unknown) {
  const input = AdoptionInputSchema.parse(raw);
  const p = await getPracticeRow(db, actor.districtId, practiceId);
  if (!p) throw notFound('The practice');
  assertCanActForSchool(actor, input.schoolId);
  if (!(await getSchool(db, actor.districtId, input.schoolId))) {
    throw badRequest(`There is no school ${input.schoolId} in this district.`, [
      { field: 'schoolId', message: 'Unknown school.' },
    ]);
  }
  await upsertAdoptionRow(db, {
    district_id: actor.districtId,
    practice_id: practiceId,
    school_id: input.schoolId,
    started_on: input.startedOn,
    status: input.status,
    notes: input.notes,
  });
  await recordAudit(db, actor, {
    action: 'practice.adoption.set',
    subjectType: 'practice',
    subjectId: practiceId,
    detail: { schoolId: input.schoolId, status: input.status, startedOn: input.startedOn },
  });
  return getPractice(db, actor, practiceId);
}

export async function listGoals(db: Db, actor: Actor) {
  assertCanReadSupport(actor);
  const rows = await listGoalRows(db, actor.districtId);
  const groups = new Map<
    string,
    {
      measureKey: string;
      measureLabel: string;
      studentGroup: string;
      studentGroupLabel: string;
      schools: Array<{
        schoolId: string;
        schoolName: string;
        schoolYear: number;
        statement: string;
      }>;
    }
  >();
  for (const g of rows) {
    const key = `${g.measure_key}|${g.student_group}`;
    const entry = groups.get(key) ?? {
      measureKey: g.measure_key,
      measureLabel: g.measure_label ?? g.measure_key,
      studentGroup: g.student_group,
      studentGroupLabel: describeGroup(g.student_group),
      schools: [],
    };
    entry.schools.push({
      schoolId: g.school_id,
      schoolName: g.school_name,
      schoolYear: g.school_year,
      statement: g.statement,
    });
    groups.set(key, entry);
  }
  return [...groups.values()];
}

export async function createGoal(db: Db, actor: Actor, raw: unknown) {
  const input = GoalInputSchema.parse(raw);
  assertCanActForSchool(actor, input.schoolId);
  if (!(await getSchool(db, actor.districtId, input.schoolId))) {
    throw badRequest(`There is no school ${input.schoolId} in this district.`, [
      { field: 'schoolId', message: 'Unknown school.' },
    ]);
  }
  const id = randomUUID();
  await insertGoalRow(db, {
    district_id: actor.districtId,
    id,
    school_id: input.schoolId,
    school_year: input.schoolYear,
    measure_key: input.measureKey,
    student_group: input.studentGroup,
    statement: input.statement,
  });
  await recordAudit(db, actor, {
    action: 'improvement_goal.create',
    subjectType: 'improvement_goal',
    subjectId: id,
    detail: input,
  });
  return listGoals(db, actor);
}

export async function adoptionsCsv(db: Db, actor: Actor): Promise<string> {
  assertCanReadSupport(actor);
  const rows = await listAdoptionRows(db, actor.districtId);
  return supportCsv(
    ['practice_id', 'practice', 'school_id', 'school', 'started_on', 'status', 'notes'],
    rows.map((a) => [
      a.practice_id,
      a.practice_title,
      a.school_id,
      a.school_name,
      a.started_on,
      a.status,
      a.notes,
    ]),
  );
}

/** The pockets of success a practice can be linked to (for the "record a practice" form). */
export async function listPockets(
  db: Db,
  actor: Actor,
  query: { year?: number; outcome?: (typeof OUTCOME_KEYS)[number] },
) {
  assertCanReadSupport(actor);
  const d = await getDistrictDiagnostics(db, actor, query);
  return {
    year: d.year,
    outcome: d.outcome,
    outcomes: d.outcomes,
    method: d.methods.pockets,
    pockets: d.pockets,
  };
}
