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
  /** Bumped by triggers on every write the diagnostics depend on (migration 005). */
  data_version: Generated<number>;
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
  // Staff tables from migration 004.
  table_name: 'schools' | 'measure_values' | 'staff' | 'staff_assignments' | 'staff_credentials';
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
  /** The line of the file the value was read from (migration 010); optional when inserting. */
  source_row: ColumnType<number | null, number | null | undefined, number | null>;
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
  // Partner matching and principal placement (migration 008).
  partner_capacities: PartnerCapacitiesTable;
  match_runs: MatchRunsTable;
  principal_posts: PrincipalPostsTable;
  principal_residencies: PrincipalResidenciesTable;
  rule_sets: RuleSetsTable;
  saved_mappings: SavedMappingsTable;
  // Supporting struggling schools (migration 007).
  partnership_contracts: PartnershipContractsTable;
  contract_targets: ContractTargetsTable;
  contract_exchanges: ContractExchangesTable;
  contract_reviews: ContractReviewsTable;
  contract_payment_terms: ContractPaymentTermsTable;
  contract_ledger: ContractLedgerTable;
  contract_target_checks: ContractTargetChecksTable;
  support_catalogue: SupportCatalogueTable;
  support_plans: SupportPlansTable;
  support_plan_items: SupportPlanItemsTable;
  support_tier_policies: SupportTierPoliciesTable;
  practices: PracticesTable;
  practice_artifacts: PracticeArtifactsTable;
  practice_adoptions: PracticeAdoptionsTable;
  improvement_goals: ImprovementGoalsTable;
  clusters: ClustersTable;
  cluster_members: ClusterMembersTable;
  cluster_shared_staff: ClusterSharedStaffTable;
  support_settings: SupportSettingsTable;
  teacher_visits: TeacherVisitsTable;
  incentive_programs: IncentiveProgramsTable;
  incentive_awards: IncentiveAwardsTable;
  allocation_scenarios: AllocationScenariosTable;
  funding_formulas: FundingFormulasTable;
  // The state's school-level reference figures (migration 009).
  statewide_school_figures: StatewideSchoolFiguresTable;
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

/** An incentive program (migration 006); design is IncentiveProgram JSON. */
export interface IncentiveProgramsTable {
  district_id: string;
  id: string;
  name: string;
  design: Json;
  preset_key: string | null;
  status: Generated<'draft' | 'active'>;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  updated_by: string | null;
  updated_at: GeneratedTimestamp;
}

/** An award paid (migration 006), in whole cents. */
export interface IncentiveAwardsTable {
  district_id: string;
  id: string;
  program_id: string;
  staff_id: string;
  school_year: number;
  amount_cents: number;
  paid_on: string | null;
  upload_id: string | null;
  recorded_by: string | null;
  recorded_at: GeneratedTimestamp;
}

/** A saved allocation scenario (migration 006); rules is AllocationRules JSON. */
export interface AllocationScenariosTable {
  district_id: string;
  id: string;
  name: string;
  pool_unit: 'fte' | 'dollars';
  pool_amount: number;
  rules: Json;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

/** A saved weighted-student-funding formula (migration 006); formula is FundingFormula JSON. */
export interface FundingFormulasTable {
  district_id: string;
  id: string;
  name: string;
  formula: Json;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

// ---- Supporting struggling schools (migration 007, docs/decisions/011-support.md) ----

export type ContractStatus = 'draft' | 'active' | 'completed' | 'ended';
export type TargetStatus = 'pending' | 'met' | 'not_met';
export type CheckedFigureStatus = 'reported' | 'suppressed' | 'missing' | 'small_n';
export type PaymentTermKind = 'per_target_met' | 'on_start' | 'all_targets_met';
export type LedgerKind = 'owed' | 'reversal' | 'paid';
export type SupportKind =
  'mentor_principal' | 'coach' | 'extra_teacher' | 'visit_days' | 'training' | 'funding';
export type PlanStatus = 'draft' | 'approved' | 'in_progress' | 'done';
export type PlanItemStatus = 'planned' | 'in_progress' | 'done' | 'dropped';
export type AdoptionStatus = 'planned' | 'adopting' | 'in_use' | 'dropped';

export interface PartnershipContractsTable {
  district_id: string;
  id: string;
  supported_school_id: string;
  partner_school_id: string;
  /** string[] as JSON. */
  areas_of_need: Json;
  term_start: string;
  term_end: string;
  status: ContractStatus;
  notes: string;
  created_by: string | null;
  created_at: GeneratedTimestamp;
}

export interface ContractTargetsTable {
  district_id: string;
  contract_id: string;
  id: string;
  measure_key: string;
  student_group: string;
  baseline_value: number;
  baseline_year: number;
  target_value: number;
  target_year: number;
  status: Generated<TargetStatus>;
  status_reason: Generated<string>;
  checked_value: number | null;
  checked_year: number | null;
  checked_n: number | null;
  checked_figure_status: CheckedFigureStatus | null;
  checked_batch_id: string | null;
  checked_at: Timestamp | null;
}

export interface ContractExchangesTable {
  district_id: string;
  contract_id: string;
  id: string;
  direction: 'partner_to_supported' | 'supported_to_partner';
  status: 'planned' | 'done';
  start_date: string;
  end_date: string;
  people_count: number;
  names: string;
  purpose: string;
}

export interface ContractReviewsTable {
  district_id: string;
  contract_id: string;
  id: string;
  review_date: string;
  reviewer: string;
  evidence: string;
  judgement: 'on_track' | 'some_progress' | 'not_on_track';
  created_by: string | null;
}

export interface ContractPaymentTermsTable {
  district_id: string;
  contract_id: string;
  id: string;
  kind: PaymentTermKind;
  label: string;
  amount: number;
}

export interface ContractLedgerTable {
  district_id: string;
  contract_id: string;
  id: string;
  kind: LedgerKind;
  amount: number;
  reason: string;
  term_id: string | null;
  target_id: string | null;
  batch_id: string | null;
  entry_date: ColumnType<string, string | undefined, string>;
  created_by: string | null;
  created_at: GeneratedTimestamp;
}

export interface ContractTargetChecksTable {
  district_id: string;
  checked_batch_id: string | null;
  checked_stamp: string;
  checked_at: GeneratedTimestamp;
}

export interface SupportCatalogueTable {
  district_id: string;
  id: string;
  kind: SupportKind;
  name: string;
  description: string;
  unit: string;
  unit_cost: number;
  is_active: Generated<boolean>;
}

export interface SupportPlansTable {
  district_id: string;
  id: string;
  school_id: string;
  school_year: number;
  status: PlanStatus;
  notes: string;
  created_by: string | null;
  created_at: GeneratedTimestamp;
}

export interface SupportPlanItemsTable {
  district_id: string;
  plan_id: string;
  id: string;
  catalogue_id: string;
  quantity: number;
  unit_cost: number;
  owner: string;
  start_date: string;
  due_date: string;
  status: PlanItemStatus;
}

export interface SupportTierPoliciesTable {
  district_id: string;
  id: string;
  tier: string;
  kind: 'non_negotiable' | 'flexibility';
  statement: string;
  position: number;
}

export interface PracticesTable {
  district_id: string;
  id: string;
  title: string;
  description: string;
  school_id: string;
  measure_key: string | null;
  student_group: string | null;
  evidence_year: number | null;
  /** The pocket of success as found, as JSON. */
  evidence: Json | null;
  created_by: string | null;
  created_at: GeneratedTimestamp;
}

export interface PracticeArtifactsTable {
  district_id: string;
  practice_id: string;
  id: string;
  file_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  content: Uint8Array;
  uploaded_by: string | null;
  uploaded_at: GeneratedTimestamp;
}

export interface PracticeAdoptionsTable {
  district_id: string;
  practice_id: string;
  school_id: string;
  started_on: string;
  status: AdoptionStatus;
  notes: string;
  updated_at: GeneratedTimestamp;
}

export interface ImprovementGoalsTable {
  district_id: string;
  id: string;
  school_id: string;
  school_year: number;
  measure_key: string;
  student_group: string;
  statement: string;
}

export interface ClustersTable {
  district_id: string;
  id: string;
  name: string;
  joint_plan: string;
  pooled_funding: number;
  created_at: GeneratedTimestamp;
}

export interface ClusterMembersTable {
  district_id: string;
  cluster_id: string;
  school_id: string;
}

export interface ClusterSharedStaffTable {
  district_id: string;
  cluster_id: string;
  id: string;
  name: string;
  role: string;
  fte: number;
}

export interface SupportSettingsTable {
  district_id: string;
  visit_days_per_teacher: Generated<number>;
}

export interface TeacherVisitsTable {
  district_id: string;
  id: string;
  staff_id: string;
  home_school_id: string | null;
  host_school_id: string;
  visit_date: string;
  school_year: number;
  days: number;
  purpose: string;
  cluster_id: string | null;
  override_reason: string | null;
  logged_by: string | null;
  logged_at: GeneratedTimestamp;
}

/** A district's saved identification rule set (migration 005). */
export interface RuleSetsTable {
  district_id: string;
  id: string;
  name: string;
  based_on: 'north-carolina' | 'federal-essa';
  /** The full rule set (RuleSetSchema, defaults filled in). */
  settings: Json;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  updated_by: string | null;
  updated_at: GeneratedTimestamp;
}

/** A mapping document a district saved from the Data imports page (migration 011). */
export interface SavedMappingsTable {
  district_id: string;
  name: string;
  title: string;
  /** The mapping document (src/importers/mapping.ts), validated when saved. */
  document: Json;
  created_by: string | null;
  created_at: GeneratedTimestamp;
}

/** A strong school's stated partner capacity (migration 008). */
export interface PartnerCapacitiesTable {
  district_id: string;
  school_id: string;
  capacity: number;
  note: string;
  set_by: string | null;
  set_at: GeneratedTimestamp;
}

export type MatchRunKind = 'partners' | 'principals';

/** A recorded partner matching or principal placement run (migration 008). */
export interface MatchRunsTable {
  district_id: string;
  id: string;
  kind: MatchRunKind;
  school_year: number;
  settings: Json;
  inputs: Json;
  result: Json;
  objective: number;
  summary: string;
  run_by: string | null;
  run_at: GeneratedTimestamp;
}

export type PrincipalPostReason =
  'retirement' | 'resignation' | 'new_school' | 'planned_move' | 'other';
export type PrincipalPostStatus = 'open' | 'filled' | 'withdrawn';

/** An open or planned principal post (migration 008). */
export interface PrincipalPostsTable {
  district_id: string;
  id: string;
  school_id: string;
  school_year: number;
  reason: PrincipalPostReason;
  status: Generated<PrincipalPostStatus>;
  note: Generated<string>;
  created_by: string | null;
  created_at: GeneratedTimestamp;
}

export type ResidencyStatus = 'planned' | 'in_progress' | 'completed' | 'withdrawn';

/** An aspiring principal's residency at two host schools (migration 008). */
export interface PrincipalResidenciesTable {
  district_id: string;
  id: string;
  resident_staff_id: string;
  first_school_id: string;
  first_mentor_staff_id: string | null;
  second_school_id: string;
  second_mentor_staff_id: string | null;
  starts_on: ColumnType<string, string, string>;
  ends_on: ColumnType<string, string, string>;
  status: Generated<ResidencyStatus>;
  note: Generated<string>;
  created_by: string | null;
  created_at: GeneratedTimestamp;
}

/** One school of the state in a statewide reference load (migration 009); percents 0–100. */
export interface StatewideSchoolFiguresTable {
  district_id: string;
  state: string;
  school_year: number;
  batch_id: string;
  school_code: string;
  name: string | null;
  lea_code: string | null;
  enrollment: number | null;
  poverty_pct: number | null;
  poverty_marker: string | null;
  minority_pct: number | null;
  minority_n: number | null;
  teachers: number | null;
  beginning_pct: number | null;
  beginning_n: number | null;
  experience_0_3_pct: number | null;
  experience_0_3_n: number | null;
  provisional_pct: number | null;
  provisional_n: number | null;
  ineffective_pct: number | null;
  ineffective_n: number | null;
  out_of_field_pct: number | null;
  out_of_field_n: number | null;
  turnover_pct: number | null;
  turnover_n: number | null;
  inexperienced_principal_pct: number | null;
  inexperienced_principal_n: number | null;
}
