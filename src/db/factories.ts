// Test-data factories (ENGINEERING.md "A factory module builds test data"). Each returns what it
// inserted, with defaults a test can override.
import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Db } from './connection.ts';
import type { MeasuresTable, MeasureValuesTable, SchoolsTable } from './schema.ts';

let seq = 0;
const next = () => ++seq;

export async function makeDistrict(db: Db, overrides: { id?: string; name?: string } = {}) {
  const id = overrides.id ?? `d-${next()}`;
  const row = {
    id,
    name: overrides.name ?? `District ${id}`,
    state: 'NC',
    lea_code: null,
    nces_id: null,
  };
  await db.insertInto('districts').values(row).execute();
  return row;
}

export async function makeBatch(db: Db, districtId: string) {
  const id = randomUUID();
  await db
    .insertInto('import_batches')
    .values({
      district_id: districtId,
      id,
      source_kind: 'csv',
      file_name: 'factory.csv',
      file_sha256: '0'.repeat(64),
      mapping_name: null,
      created_by: null,
      rolled_back_at: null,
    })
    .execute();
  return id;
}

export async function makeSchool(
  db: Db,
  districtId: string,
  overrides: Partial<Insertable<SchoolsTable>> = {},
) {
  const n = next();
  const row: Insertable<SchoolsTable> = {
    district_id: districtId,
    id: `S${String(n).padStart(4, '0')}`,
    name: `School ${n}`,
    level: 'elementary',
    state_id: null,
    nces_id: null,
    grade_span: 'K-5',
    is_title_i: false,
    street: null,
    city: null,
    state: 'NC',
    zip: null,
    latitude: null,
    longitude: null,
    region: null,
    batch_id: null,
    ...overrides,
  };
  await db.insertInto('schools').values(row).execute();
  return row;
}

export async function makeMeasure(
  db: Db,
  districtId: string,
  overrides: Partial<Insertable<MeasuresTable>> & { key: string },
) {
  const row: Insertable<MeasuresTable> = {
    district_id: districtId,
    label: overrides.key,
    category: 'outcome',
    unit: 'percent',
    higher_is_better: true,
    description: '',
    source: 'factory',
    ...overrides,
  };
  await db
    .insertInto('measures')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .execute();
  return row;
}

/** Inserts reported values; pass value null with status to record suppressed/missing. */
export async function makeMeasureValues(
  db: Db,
  rows: Array<
    Pick<MeasureValuesTable, 'district_id' | 'school_id' | 'school_year' | 'measure_key'> &
      Partial<Pick<MeasureValuesTable, 'student_group' | 'value' | 'value_text' | 'n' | 'status'>>
  >,
  batchId: string,
) {
  if (rows.length === 0) return;
  await db
    .insertInto('measure_values')
    .values(
      rows.map((r) => ({
        student_group: 'all',
        value: null,
        value_text: null,
        n: null,
        status: 'reported' as const,
        source_marker: null,
        batch_id: batchId,
        ...r,
      })),
    )
    .execute();
}
