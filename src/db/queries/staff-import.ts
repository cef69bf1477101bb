// Staff from interchange files (Ed-Fi, OneRoster): upserts on the natural keys, so that
// importing the same files again changes nothing (issue #3). As in imports.ts, a row whose
// incoming values equal the stored ones is not rewritten, so its batch_id keeps pointing at the
// batch that last changed it; each function returns how many rows it inserted or changed.
// Before each chunk is written, the rows it is about to change are copied as they were into
// import_before_images (migration 004), so that rolling the batch back restores them exactly.
import { sql, type Insertable } from 'kysely';
import type { Db } from '../connection.ts';
import type {
  CredentialStatus,
  StaffAssignmentsTable,
  StaffCredentialsTable,
  StaffRole,
  StaffTable,
} from '../schema.ts';

/** A person as an interchange file gives them. */
export interface ImportedStaff {
  id: string;
  firstName: string;
  lastName: string;
}

export interface ImportedAssignment {
  staffId: string;
  schoolId: string;
  schoolYear: number;
  role: StaffRole;
  fte: number;
  subject: string | null;
  isInField: boolean | null;
  yearsExperience: number | null;
}

export interface ImportedCredential {
  staffId: string;
  credentialId: string;
  status: CredentialStatus;
  subject: string | null;
  issuedOn: string | null;
  expiresOn: string | null;
}

/**
 * Writes imported staff, then their assignments and licences (which refer to them), tagged with
 * the district and the batch; returns how many rows were inserted or changed.
 */
export async function upsertImportedStaff(
  db: Db,
  tag: { district_id: string; batch_id: string },
  rows: {
    staff: readonly ImportedStaff[];
    assignments: readonly ImportedAssignment[];
    credentials: readonly ImportedCredential[];
  },
): Promise<number> {
  const staff = rows.staff.map((s) => ({
    ...tag,
    id: s.id,
    first_name: s.firstName,
    last_name: s.lastName,
    is_synthetic: false,
  }));
  const assignments = rows.assignments.map((a) => ({
    ...tag,
    staff_id: a.staffId,
    school_id: a.schoolId,
    school_year: a.schoolYear,
    role: a.role,
    fte: a.fte,
    subject: a.subject,
    is_in_field: a.isInField,
    years_experience: a.yearsExperience,
  }));
  const credentials = rows.credentials.map((c) => ({
    ...tag,
    staff_id: c.staffId,
    credential_id: c.credentialId,
    status: c.status,
    subject: c.subject,
    issued_on: c.issuedOn,
    expires_on: c.expiresOn,
  }));
  let written = await upsertStaff(db, staff);
  written += await upsertStaffAssignments(db, assignments);
  written += await upsertStaffCredentials(db, credentials);
  return written;
}

// 500 rows × at most 10 columns stays far below PostgreSQL's 65,535 bind parameters.
const CHUNK_ROWS = 500;

type StaffTableName = 'staff' | 'staff_assignments' | 'staff_credentials';

/** Each staff table's natural key (in row_key order) and the columns an upsert compares, with
 * their SQL types for reading the incoming chunk back from JSON. */
const IMAGE_SPECS: Record<
  StaffTableName,
  { key: readonly string[]; compared: readonly string[]; types: Record<string, string> }
> = {
  staff: {
    key: ['id'],
    compared: ['first_name', 'last_name', 'is_synthetic'],
    types: { id: 'text', first_name: 'text', last_name: 'text', is_synthetic: 'boolean' },
  },
  staff_assignments: {
    key: ['staff_id', 'school_id', 'school_year', 'role'],
    compared: ['fte', 'subject', 'is_in_field', 'years_experience'],
    types: {
      staff_id: 'text',
      school_id: 'text',
      school_year: 'smallint',
      role: 'text',
      fte: 'double precision',
      subject: 'text',
      is_in_field: 'boolean',
      years_experience: 'double precision',
    },
  },
  staff_credentials: {
    key: ['staff_id', 'credential_id'],
    compared: ['status', 'subject', 'issued_on', 'expires_on'],
    types: {
      staff_id: 'text',
      credential_id: 'text',
      status: 'text',
      subject: 'text',
      issued_on: 'date',
      expires_on: 'date',
    },
  },
};

/**
 * Copies the stored rows this chunk is about to change into import_before_images: same key,
 * some compared column different (the upsert's own condition), and not already this batch's
 * (a row the batch wrote keeps the image from before the batch). Identifiers come from
 * IMAGE_SPECS, never from input; the rows travel as one JSON parameter.
 */
async function recordBeforeImages(
  db: Db,
  table: StaffTableName,
  chunk: ReadonlyArray<{ district_id: string; batch_id?: string | null }>,
): Promise<void> {
  const first = chunk[0];
  if (!first?.batch_id) return;
  const spec = IMAGE_SPECS[table];
  const columns = [...spec.key, ...spec.compared];
  const record = sql.raw(columns.map((c) => `${c} ${spec.types[c]}`).join(', '));
  const on = sql.join(
    spec.key.map((k) => sql`t.${sql.ref(k)} = i.${sql.ref(k)}`),
    sql` and `,
  );
  const stored = sql.join(spec.compared.map((c) => sql`t.${sql.ref(c)}`));
  const incoming = sql.join(spec.compared.map((c) => sql`i.${sql.ref(c)}`));
  const key = sql.join(spec.key.map((k) => sql`t.${sql.ref(k)}`));
  const rows = chunk.map((r) => Object.fromEntries(columns.map((c) => [c, pick(r, c)])));
  await sql`
    insert into import_before_images
      (district_id, batch_id, table_name, row_key, previous, previous_batch_id)
    select t.district_id, ${first.batch_id}::uuid, ${table}, jsonb_build_array(${key}),
      to_jsonb(t), t.batch_id
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as i (${record})
    join ${sql.table(table)} t on t.district_id = ${first.district_id} and ${on}
    where t.batch_id is distinct from ${first.batch_id}::uuid
      and (${stored}) is distinct from (${incoming})
    on conflict do nothing
  `.execute(db);
}

function pick(row: object, column: string): unknown {
  const value: unknown = (row as Record<string, unknown>)[column];
  return value instanceof Date ? value.toISOString().slice(0, 10) : (value ?? null);
}

function* chunks<T>(rows: readonly T[]): Generator<T[]> {
  for (let i = 0; i < rows.length; i += CHUNK_ROWS) yield rows.slice(i, i + CHUNK_ROWS);
}

const changed = (result: { numInsertedOrUpdatedRows?: bigint }) =>
  Number(result.numInsertedOrUpdatedRows ?? 0n);

export async function upsertStaff(
  db: Db,
  rows: ReadonlyArray<Insertable<StaffTable>>,
): Promise<number> {
  let n = 0;
  for (const chunk of chunks(rows)) {
    await recordBeforeImages(db, 'staff', chunk);
    const result = await db
      .insertInto('staff')
      .values(chunk)
      .onConflict((oc) =>
        oc
          .columns(['district_id', 'id'])
          .doUpdateSet({
            first_name: sql`excluded.first_name`,
            last_name: sql`excluded.last_name`,
            is_synthetic: sql`excluded.is_synthetic`,
            batch_id: sql`excluded.batch_id`,
          })
          .where(
            sql<boolean>`(staff.first_name, staff.last_name, staff.is_synthetic)
              is distinct from (excluded.first_name, excluded.last_name, excluded.is_synthetic)`,
          ),
      )
      .executeTakeFirst();
    n += changed(result);
  }
  return n;
}

export async function upsertStaffAssignments(
  db: Db,
  rows: ReadonlyArray<Insertable<StaffAssignmentsTable>>,
): Promise<number> {
  let n = 0;
  for (const chunk of chunks(rows)) {
    await recordBeforeImages(db, 'staff_assignments', chunk);
    const result = await db
      .insertInto('staff_assignments')
      .values(chunk)
      .onConflict((oc) =>
        oc
          .columns(['district_id', 'staff_id', 'school_id', 'school_year', 'role'])
          .doUpdateSet({
            fte: sql`excluded.fte`,
            subject: sql`excluded.subject`,
            is_in_field: sql`excluded.is_in_field`,
            years_experience: sql`excluded.years_experience`,
            batch_id: sql`excluded.batch_id`,
          })
          .where(
            sql<boolean>`(staff_assignments.fte, staff_assignments.subject,
              staff_assignments.is_in_field, staff_assignments.years_experience)
            is distinct from
              (excluded.fte, excluded.subject, excluded.is_in_field, excluded.years_experience)`,
          ),
      )
      .executeTakeFirst();
    n += changed(result);
  }
  return n;
}

export async function upsertStaffCredentials(
  db: Db,
  rows: ReadonlyArray<Insertable<StaffCredentialsTable>>,
): Promise<number> {
  let n = 0;
  for (const chunk of chunks(rows)) {
    await recordBeforeImages(db, 'staff_credentials', chunk);
    const result = await db
      .insertInto('staff_credentials')
      .values(chunk)
      .onConflict((oc) =>
        oc
          .columns(['district_id', 'staff_id', 'credential_id'])
          .doUpdateSet({
            status: sql`excluded.status`,
            subject: sql`excluded.subject`,
            issued_on: sql`excluded.issued_on`,
            expires_on: sql`excluded.expires_on`,
            batch_id: sql`excluded.batch_id`,
          })
          .where(
            sql<boolean>`(staff_credentials.status, staff_credentials.subject,
              staff_credentials.issued_on, staff_credentials.expires_on)
            is distinct from
              (excluded.status, excluded.subject, excluded.issued_on,
              excluded.expires_on)`,
          ),
      )
      .executeTakeFirst();
    n += changed(result);
  }
  return n;
}

/** Row counts of a district's staff tables (tests and import summaries). */
export async function countStaffRows(db: Db, districtId: string) {
  const count = (table: 'staff' | 'staff_assignments' | 'staff_credentials') =>
    db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('district_id', '=', districtId)
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));
  // One after another: inside a transaction the queries share one connection.
  const staff = await count('staff');
  const assignments = await count('staff_assignments');
  const credentials = await count('staff_credentials');
  return { staff, assignments, credentials };
}
