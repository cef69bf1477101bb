-- Supporting struggling schools (issue #6 part B; DOMAIN.md §8; docs/decisions/011-support.md):
-- partnership contracts on Shanghai's "Empowered Management" model (seed 000), the district's
-- menu of supports and each school's support plan (Rhode Island's menu, seed 000), the practice
-- exchange (Evansville, seed 001), clusters and cross-school visit days (British Columbia's
-- clusters, Massachusetts' 3 visit days, seed 000). Every tenant table is keyed by district_id
-- first, like all others (docs/decisions/003-data-model.md).

-- A strong school contracted (usually for two years) to improve a weaker one in named areas.
create table partnership_contracts (
  district_id text not null references districts (id),
  id uuid not null,
  supported_school_id text not null,
  partner_school_id text not null,
  -- Areas of need, e.g. ["teaching quality", "parent engagement"] (a JSON array of strings).
  areas_of_need jsonb not null default '[]'::jsonb,
  term_start date not null,
  term_end date not null,
  status text not null default 'active' check (status in ('draft', 'active', 'completed', 'ended')),
  notes text not null default '',
  created_by uuid,
  created_at timestamptz not null default clock_timestamp(),
  primary key (district_id, id),
  foreign key (district_id, supported_school_id) references schools (district_id, id),
  foreign key (district_id, partner_school_id) references schools (district_id, id),
  check (supported_school_id <> partner_school_id),
  check (term_end > term_start)
);
create index partnership_contracts_by_school on partnership_contracts (district_id, supported_school_id);

-- A measurable target: a measure for a student group, from a baseline to a target by a year.
-- status and the checked_* columns are the last automatic check (recheckContractTargets): the
-- figure it was judged on, that figure's n and status, and the import batch it came from.
create table contract_targets (
  district_id text not null,
  contract_id uuid not null,
  id uuid not null,
  measure_key text not null,
  student_group text not null default 'all',
  baseline_value double precision not null,
  baseline_year smallint not null check (baseline_year between 1990 and 2100),
  target_value double precision not null,
  target_year smallint not null check (target_year between 1990 and 2100),
  status text not null default 'pending' check (status in ('pending', 'met', 'not_met')),
  status_reason text not null default 'Not checked yet.',
  checked_value double precision,
  checked_year smallint,
  checked_n integer,
  checked_figure_status text check (checked_figure_status in ('reported', 'suppressed', 'missing', 'small_n')),
  checked_batch_id uuid,
  checked_at timestamptz,
  primary key (district_id, contract_id, id),
  foreign key (district_id, contract_id) references partnership_contracts (district_id, id),
  foreign key (district_id, measure_key) references measures (district_id, key),
  check (target_year > baseline_year),
  check (target_value <> baseline_value)
);

create table contract_exchanges (
  district_id text not null,
  contract_id uuid not null,
  id uuid not null,
  direction text not null check (direction in ('partner_to_supported', 'supported_to_partner')),
  status text not null check (status in ('planned', 'done')),
  start_date date not null,
  end_date date not null,
  people_count integer not null check (people_count between 1 and 500),
  names text not null default '',
  purpose text not null default '',
  primary key (district_id, contract_id, id),
  foreign key (district_id, contract_id) references partnership_contracts (district_id, id),
  check (end_date >= start_date)
);

create table contract_reviews (
  district_id text not null,
  contract_id uuid not null,
  id uuid not null,
  review_date date not null,
  reviewer text not null,
  evidence text not null,
  judgement text not null check (judgement in ('on_track', 'some_progress', 'not_on_track')),
  created_by uuid,
  primary key (district_id, contract_id, id),
  foreign key (district_id, contract_id) references partnership_contracts (district_id, id)
);

-- What the partner school is paid, and when: per target met, once when the contract starts, or
-- once when every target is met (the Shanghai rule: paid only if the terms are met).
create table contract_payment_terms (
  district_id text not null,
  contract_id uuid not null,
  id uuid not null,
  kind text not null check (kind in ('per_target_met', 'on_start', 'all_targets_met')),
  label text not null,
  amount numeric(14, 2) not null check (amount > 0),
  primary key (district_id, contract_id, id),
  foreign key (district_id, contract_id) references partnership_contracts (district_id, id)
);

-- The ledger is append-only: 'owed' entries are written by the automatic check when a term's
-- condition holds, 'reversal' entries (negative) when it no longer does (a rolled-back import),
-- 'paid' entries by a person. Balance owed = Σ owed + Σ reversal − Σ paid.
create table contract_ledger (
  district_id text not null,
  contract_id uuid not null,
  id uuid not null,
  kind text not null check (kind in ('owed', 'reversal', 'paid')),
  amount numeric(14, 2) not null,
  reason text not null,
  term_id uuid,
  target_id uuid,
  batch_id uuid,
  entry_date date not null default current_date,
  created_by uuid,
  created_at timestamptz not null default clock_timestamp(),
  primary key (district_id, contract_id, id),
  foreign key (district_id, contract_id) references partnership_contracts (district_id, id),
  check ((kind = 'reversal' and amount < 0) or (kind <> 'reversal' and amount > 0))
);

-- The import state the targets were last checked against: the newest batch and the last
-- rollback, so that a read can tell when results changed since (docs/decisions/011-support.md).
create table contract_target_checks (
  district_id text primary key references districts (id),
  checked_batch_id uuid,
  checked_stamp text not null,
  checked_at timestamptz not null default clock_timestamp()
);

-- The district's menu of supports, with unit costs.
create table support_catalogue (
  district_id text not null references districts (id),
  id uuid not null,
  kind text not null check (kind in ('mentor_principal', 'coach', 'extra_teacher', 'visit_days', 'training', 'funding')),
  name text not null,
  description text not null default '',
  unit text not null,
  unit_cost numeric(14, 2) not null check (unit_cost >= 0),
  is_active boolean not null default true,
  primary key (district_id, id)
);

create table support_plans (
  district_id text not null,
  id uuid not null,
  school_id text not null,
  school_year smallint not null check (school_year between 1990 and 2100),
  status text not null default 'draft' check (status in ('draft', 'approved', 'in_progress', 'done')),
  notes text not null default '',
  created_by uuid,
  created_at timestamptz not null default clock_timestamp(),
  primary key (district_id, id),
  unique (district_id, school_id, school_year),
  foreign key (district_id, school_id) references schools (district_id, id)
);

-- unit_cost is copied from the catalogue when the item is added: a plan's cost does not change
-- when next year's catalogue prices do.
create table support_plan_items (
  district_id text not null,
  plan_id uuid not null,
  id uuid not null,
  catalogue_id uuid not null,
  quantity numeric(10, 2) not null check (quantity > 0),
  unit_cost numeric(14, 2) not null check (unit_cost >= 0),
  owner text not null,
  start_date date not null,
  due_date date not null,
  status text not null default 'planned' check (status in ('planned', 'in_progress', 'done', 'dropped')),
  primary key (district_id, plan_id, id),
  foreign key (district_id, plan_id) references support_plans (district_id, id),
  foreign key (district_id, catalogue_id) references support_catalogue (district_id, id),
  check (due_date >= start_date)
);

-- Statements that every school keeps (tier 'all', non-negotiable) and flexibilities by tier.
create table support_tier_policies (
  district_id text not null references districts (id),
  id uuid not null,
  tier text not null,
  kind text not null check (kind in ('non_negotiable', 'flexibility')),
  statement text not null,
  position integer not null default 0,
  primary key (district_id, id)
);

-- A practice worth spreading, with the evidence it came from: the pocket of success (school,
-- measure, student group, year) and its figures as they were when it was recorded.
create table practices (
  district_id text not null,
  id uuid not null,
  title text not null,
  description text not null,
  school_id text not null,
  measure_key text,
  student_group text,
  evidence_year smallint,
  -- The pocket as found: { kind, score, reason, value, n } at the time (JSON).
  evidence jsonb,
  created_by uuid,
  created_at timestamptz not null default clock_timestamp(),
  primary key (district_id, id),
  foreign key (district_id, school_id) references schools (district_id, id)
);

create table practice_artifacts (
  district_id text not null,
  practice_id uuid not null,
  id uuid not null,
  file_name text not null,
  media_type text not null,
  size_bytes integer not null check (size_bytes > 0),
  sha256 text not null,
  content bytea not null,
  uploaded_by uuid,
  uploaded_at timestamptz not null default clock_timestamp(),
  primary key (district_id, practice_id, id),
  foreign key (district_id, practice_id) references practices (district_id, id)
);

create table practice_adoptions (
  district_id text not null,
  practice_id uuid not null,
  school_id text not null,
  started_on date not null,
  status text not null check (status in ('planned', 'adopting', 'in_use', 'dropped')),
  notes text not null default '',
  updated_at timestamptz not null default clock_timestamp(),
  primary key (district_id, practice_id, school_id),
  foreign key (district_id, practice_id) references practices (district_id, id),
  foreign key (district_id, school_id) references schools (district_id, id)
);

-- What a school is working on (a measure for a student group), so that schools with the same
-- goal can find each other.
create table improvement_goals (
  district_id text not null,
  id uuid not null,
  school_id text not null,
  school_year smallint not null check (school_year between 1990 and 2100),
  measure_key text not null,
  student_group text not null default 'all',
  statement text not null,
  primary key (district_id, id),
  foreign key (district_id, school_id) references schools (district_id, id)
);
create index improvement_goals_by_goal on improvement_goals (district_id, measure_key, student_group);

create table clusters (
  district_id text not null references districts (id),
  id uuid not null,
  name text not null,
  joint_plan text not null default '',
  pooled_funding numeric(14, 2) not null default 0 check (pooled_funding >= 0),
  created_at timestamptz not null default clock_timestamp(),
  primary key (district_id, id)
);

create table cluster_members (
  district_id text not null,
  cluster_id uuid not null,
  school_id text not null,
  primary key (district_id, cluster_id, school_id),
  foreign key (district_id, cluster_id) references clusters (district_id, id),
  foreign key (district_id, school_id) references schools (district_id, id)
);

create table cluster_shared_staff (
  district_id text not null,
  cluster_id uuid not null,
  id uuid not null,
  name text not null,
  role text not null,
  fte numeric(4, 2) not null check (fte > 0 and fte <= 1.5),
  primary key (district_id, cluster_id, id),
  foreign key (district_id, cluster_id) references clusters (district_id, id)
);

-- District settings for visits: days per teacher per school year (Massachusetts: up to 3).
create table support_settings (
  district_id text primary key references districts (id),
  visit_days_per_teacher numeric(4, 1) not null default 3 check (visit_days_per_teacher >= 0)
);

-- A teacher's visit to another school. home_school_id is the teacher's school when logged (for
-- permissions); override_reason is set when a district leader allowed days beyond the allowance.
create table teacher_visits (
  district_id text not null,
  id uuid not null,
  staff_id text not null,
  home_school_id text,
  host_school_id text not null,
  visit_date date not null,
  school_year smallint not null,
  days numeric(3, 1) not null check (days > 0 and days <= 5),
  purpose text not null default '',
  cluster_id uuid,
  override_reason text,
  logged_by uuid,
  logged_at timestamptz not null default clock_timestamp(),
  primary key (district_id, id),
  foreign key (district_id, staff_id) references staff (district_id, id),
  foreign key (district_id, host_school_id) references schools (district_id, id)
);
create index teacher_visits_by_staff on teacher_visits (district_id, staff_id, school_year);
