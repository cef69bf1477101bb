-- Incentive programs, awards paid, allocation scenarios and funding formulas (issue #5, part B;
-- DOMAIN.md §5, §7; docs/decisions/009-incentives-allocation.md). Keyed (district_id, …) like
-- every tenant table (docs/decisions/003-data-model.md).

-- A program's design is the validated IncentiveProgram JSON (src/domain/equity/incentives.ts,
-- checked by src/services/incentives-design.ts): eligibility by role and rating, school categories
-- by poverty quartile / tier / identification / school list, award cells, caps, multi-year terms.
create table incentive_programs (
  district_id text not null references districts (id),
  id uuid not null,
  name text not null check (length(name) between 1 and 200),
  design jsonb not null,
  -- The preset it started from, if any ('dcps_impact_plus', 'dallas_high_need', 'hard_to_staff').
  preset_key text,
  status text not null default 'draft' check (status in ('draft', 'active')),
  created_by uuid references users (id),
  created_at timestamptz not null default now(),
  updated_by uuid references users (id),
  updated_at timestamptz not null default now(),
  primary key (district_id, id)
);

-- Awards actually paid: one row per person, program and school year. Amounts in whole cents so
-- sums are exact. upload_id groups the rows of one CSV upload (all or nothing); a row recorded by
-- hand has none. Personnel data: read through the incentives service only, which audits it.
create table incentive_awards (
  district_id text not null,
  id uuid not null,
  program_id uuid not null,
  staff_id text not null,
  school_year smallint not null check (school_year between 1990 and 2100),
  amount_cents integer not null check (amount_cents > 0),
  paid_on date,
  upload_id uuid,
  recorded_by uuid references users (id),
  recorded_at timestamptz not null default now(),
  primary key (district_id, id),
  unique (district_id, program_id, staff_id, school_year),
  foreign key (district_id, program_id) references incentive_programs (district_id, id),
  foreign key (district_id, staff_id) references staff (district_id, id)
);
create index incentive_awards_by_program on incentive_awards (district_id, program_id, school_year);

-- A saved allocation scenario: the pool (FTE or dollars) and the rules
-- (src/domain/equity/allocation.ts AllocationRules, checked by src/services/allocation-rules.ts).
create table allocation_scenarios (
  district_id text not null references districts (id),
  id uuid not null,
  name text not null check (length(name) between 1 and 200),
  pool_unit text not null check (pool_unit in ('fte', 'dollars')),
  pool_amount double precision not null check (pool_amount >= 0),
  rules jsonb not null,
  created_by uuid references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (district_id, id)
);

-- A saved weighted-student-funding formula (src/domain/equity/funding.ts FundingFormula).
create table funding_formulas (
  district_id text not null references districts (id),
  id uuid not null,
  name text not null check (length(name) between 1 and 200),
  formula jsonb not null,
  created_by uuid references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (district_id, id)
);
