// Row types of the database, as Kysely sees them. Domain types live in src/domain and are
// mapped from these in src/db/queries (ENGINEERING.md "Row types apart from domain types").
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
// A timestamp the database fills in (default now()).
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string, string>;

export type MeasureStatus = 'reported' | 'suppressed' | 'missing';
export type SchoolLevel = 'elementary' | 'middle' | 'high' | 'combined' | 'other';
export type MeasureCategory = 'profile' | 'outcome' | 'staffing' | 'finance';
export type MeasureUnit =
  'percent' | 'count' | 'score' | 'grade' | 'status' | 'dollars' | 'ratio' | 'index';
export type GrantRole =
  | 'district_leader'
  | 'analyst'
  | 'hr'
  | 'finance'
  | 'principal_supervisor'
  | 'principal'
  | 'teacher';
export type StaffRole =
  'teacher' | 'principal' | 'assistant_principal' | 'coach' | 'specialist' | 'other';
export type CredentialStatus =
  'full' | 'provisional' | 'lateral_entry' | 'emergency' | 'expired' | 'other';

export interface DistrictsTable {
  id: string;
  name: string;
  state: string;
  lea_code: string | null;
  nces_id: string | null;
  is_demo: Generated<boolean>;
  created_at: GeneratedTimestamp;
}

export interface ImportBatchesTable {
  district_id: string;
  id: string;
  source_kind: 'csv' | 'xlsx' | 'edfi' | 'oneroster' | 'demo';
  file_name: string;
  file_sha256: string;
  mapping_name: string | null;
  rows_read: Generated<number>;
  rows_written: Generated<number>;
  rows_rejected: Generated<number>;
  rows_skipped: Generated<number>;
  status: Generated<'committed' | 'rolled_back'>;
  on_problems: Generated<'abort' | 'skip-rows'>;
  /** The file's header row, as a JSON array of strings. */
  source_columns: Json | null;
  notes: string | null;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  rolled_back_at: Timestamp | null;
}

/** A row an import batch changed, as it was before (migration 002). */
export interface ImportBeforeImagesTable {
  district_id: string;
  batch_id: string;
  table_name: 'schools' | 'measure_values';
  row_key: Json;
  previous: Json;
  previous_batch_id: string | null;
}

/** A row a batch loaded with onProblems 'skip-rows' left out. */
export interface ImportRejectionsTable {
  district_id: string;
  batch_id: string;
  row_number: number;
  reason: string;
  /** The row's cells as read, a JSON array of strings. */
  cells: Json;
}

export interface SchoolsTable {
  district_id: string;
  id: string;
  name: string;
  state_id: string | null;
  nces_id: string | null;
  level: SchoolLevel;
  grade_span: string | null;
  is_title_i: boolean | null;
  street: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  latitude: number | null;
  longitude: number | null;
  region: string | null;
  batch_id: string | null;
}

export interface MeasuresTable {
  district_id: string;
  key: string;
  label: string;
  category: MeasureCategory;
  unit: MeasureUnit;
  higher_is_better: boolean | null;
  description: string;
  source: string;
}

export interface MeasureValuesTable {
  district_id: string;
  school_id: string;
  school_year: number;
  measure_key: string;
  student_group: string;
  value: number | null;
  value_text: string | null;
  n: number | null;
  status: MeasureStatus;
  source_marker: string | null;
  batch_id: string;
}

export interface StaffTable {
  district_id: string;
  id: string;
  first_name: string;
  last_name: string;
  is_synthetic: boolean;
  batch_id: string | null;
}

export interface StaffAssignmentsTable {
  district_id: string;
  staff_id: string;
  school_id: string;
  school_year: number;
  role: StaffRole;
  fte: number;
  subject: string | null;
  is_in_field: boolean | null;
  years_experience: number | null;
  batch_id: string | null;
}

export interface StaffRatingsTable {
  district_id: string;
  staff_id: string;
  school_year: number;
  rating: string;
  rating_scale: string;
  batch_id: string | null;
}

export interface StaffCredentialsTable {
  district_id: string;
  staff_id: string;
  credential_id: string;
  status: CredentialStatus;
  subject: string | null;
  issued_on: string | null;
  expires_on: string | null;
  batch_id: string | null;
}

export interface UsersTable {
  id: string;
  district_id: string;
  username: string;
  display_name: string;
  password_hash: string;
  staff_id: string | null;
  must_change_password: Generated<boolean>;
  created_at: GeneratedTimestamp;
  disabled_at: Timestamp | null;
}

export interface RoleGrantsTable {
  district_id: string;
  user_id: string;
  role: GrantRole;
  school_id: string | null;
  created_at: GeneratedTimestamp;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  district_id: string;
  csrf_token: string;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
  last_seen_at: GeneratedTimestamp;
}

export interface AuditEventsTable {
  district_id: string;
  id: string;
  at: GeneratedTimestamp;
  user_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  detail: Json;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  checksum: string;
  applied_at: GeneratedTimestamp;
}

export interface Database {
  districts: DistrictsTable;
  import_batches: ImportBatchesTable;
  import_before_images: ImportBeforeImagesTable;
  import_rejections: ImportRejectionsTable;
  schools: SchoolsTable;
  measures: MeasuresTable;
  measure_values: MeasureValuesTable;
  staff: StaffTable;
  staff_assignments: StaffAssignmentsTable;
  staff_ratings: StaffRatingsTable;
  staff_credentials: StaffCredentialsTable;
  users: UsersTable;
  role_grants: RoleGrantsTable;
  sessions: SessionsTable;
  audit_events: AuditEventsTable;
  schema_migrations: SchemaMigrationsTable;
  identification_runs: IdentificationRunsTable;
  identification_results: IdentificationResultsTable;
}

/** A recorded run of an identification rule set (migration 003). */
export interface IdentificationRunsTable {
  district_id: string;
  id: string;
  /** The full rule set as run (RuleSetSchema, defaults filled in). */
  rule_set: Json;
  rule_set_id: string;
  rule_set_name: string;
  school_year: number;
  run_at: GeneratedTimestamp;
  run_by: string | null;
}

/** One school's result in a recorded run. */
export interface IdentificationResultsTable {
  district_id: string;
  run_id: string;
  school_id: string;
  identified: boolean;
  tier: string | null;
  /** DesignationRecord[] as JSON. */
  designations: Json;
  /** string[] as JSON. */
  reasons: Json;
}
