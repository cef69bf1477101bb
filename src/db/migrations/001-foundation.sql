-- Foundation schema (issue #2). Every tenant table carries district_id and leads its primary key
-- with it, so a distributed PostgreSQL (Citus) can shard by district without a redesign
-- (docs/decisions/003-data-model.md).

create table districts (
  id text primary key,
  name text not null,
  state text not null,
  lea_code text,
  nces_id text,
  is_demo boolean not null default false,
  created_at timestamptz not null default now()
);

-- An import batch: one file (or one set of files) brought in by one person at one time.
-- Every stored value points at the batch it came from.
create table import_batches (
  district_id text not null references districts (id),
  id uuid not null,
  source_kind text not null check (source_kind in ('csv', 'xlsx', 'edfi', 'oneroster', 'demo')),
  file_name text not null,
  file_sha256 text not null,
  mapping_name text,
  rows_read integer not null default 0,
  rows_written integer not null default 0,
  rows_rejected integer not null default 0,
  status text not null default 'committed' check (status in ('committed', 'rolled_back')),
  created_by uuid,
  created_at timestamptz not null default now(),
  rolled_back_at timestamptz,
  primary key (district_id, id)
);

create table schools (
  district_id text not null references districts (id),
  id text not null,
  name text not null,
  state_id text,
  nces_id text,
  level text not null default 'other'
    check (level in ('elementary', 'middle', 'high', 'combined', 'other')),
  grade_span text,
  is_title_i boolean,
  street text,
  city text,
  state text,
  zip text,
  latitude double precision,
  longitude double precision,
  region text,
  batch_id uuid,
  primary key (district_id, id)
);

-- The measure catalogue: what each measure means, its unit, and which direction is better.
create table measures (
  district_id text not null references districts (id),
  key text not null,
  label text not null,
  category text not null check (category in ('profile', 'outcome', 'staffing', 'finance')),
  unit text not null check (unit in ('percent', 'count', 'score', 'grade', 'status', 'dollars', 'ratio', 'index')),
  higher_is_better boolean,
  description text not null default '',
  source text not null default '',
  primary key (district_id, key)
);

-- Measure values in long form. status keeps suppressed and missing apart from zero
-- (DOMAIN.md §6); value is null unless status = 'reported'.
create table measure_values (
  district_id text not null,
  school_id text not null,
  school_year smallint not null check (school_year between 1990 and 2100),
  measure_key text not null,
  student_group text not null default 'all',
  value double precision,
  value_text text,
  n integer check (n is null or n >= 0),
  status text not null check (status in ('reported', 'suppressed', 'missing')),
  source_marker text,
  batch_id uuid not null,
  primary key (district_id, school_id, school_year, measure_key, student_group),
  foreign key (district_id, school_id) references schools (district_id, id),
  foreign key (district_id, measure_key) references measures (district_id, key),
  foreign key (district_id, batch_id) references import_batches (district_id, id),
  check (status = 'reported' or (value is null and value_text is null))
);
create index measure_values_by_measure on measure_values (district_id, measure_key, school_year);

create table staff (
  district_id text not null references districts (id),
  id text not null,
  first_name text not null,
  last_name text not null,
  is_synthetic boolean not null default false,
  batch_id uuid,
  primary key (district_id, id)
);

create table staff_assignments (
  district_id text not null,
  staff_id text not null,
  school_id text not null,
  school_year smallint not null,
  role text not null check (role in ('teacher', 'principal', 'assistant_principal', 'coach', 'specialist', 'other')),
  fte double precision not null default 1 check (fte > 0 and fte <= 1.5),
  subject text,
  is_in_field boolean,
  years_experience double precision check (years_experience is null or years_experience >= 0),
  batch_id uuid,
  primary key (district_id, staff_id, school_id, school_year, role),
  foreign key (district_id, staff_id) references staff (district_id, id),
  foreign key (district_id, school_id) references schools (district_id, id)
);
create index staff_assignments_by_school on staff_assignments (district_id, school_id, school_year);

-- Evaluation ratings are confidential personnel records (DOMAIN.md §2): every read of an
-- individual's rating is written to audit_events by the service that reads it.
create table staff_ratings (
  district_id text not null,
  staff_id text not null,
  school_year smallint not null,
  rating text not null,
  rating_scale text not null,
  batch_id uuid,
  primary key (district_id, staff_id, school_year),
  foreign key (district_id, staff_id) references staff (district_id, id)
);

create table staff_credentials (
  district_id text not null,
  staff_id text not null,
  credential_id text not null,
  status text not null check (status in ('full', 'provisional', 'lateral_entry', 'emergency', 'expired', 'other')),
  subject text,
  issued_on date,
  expires_on date,
  batch_id uuid,
  primary key (district_id, staff_id, credential_id),
  foreign key (district_id, staff_id) references staff (district_id, id)
);

create table users (
  id uuid primary key,
  district_id text not null references districts (id),
  username text not null unique,
  display_name text not null,
  password_hash text not null,
  staff_id text,
  must_change_password boolean not null default false,
  created_at timestamptz not null default now(),
  disabled_at timestamptz
);

-- A role held district-wide (school_id null) or for one school; a supervisor's caseload is
-- several school-scoped grants.
create table role_grants (
  district_id text not null references districts (id),
  user_id uuid not null references users (id),
  role text not null check (role in ('district_leader', 'analyst', 'hr', 'finance', 'principal_supervisor', 'principal', 'teacher')),
  school_id text,
  created_at timestamptz not null default now(),
  foreign key (district_id, school_id) references schools (district_id, id)
);
create unique index role_grants_unique on role_grants (district_id, user_id, role, coalesce(school_id, ''));

-- Sessions are stored by the SHA-256 of their token, so a database read does not yield a
-- usable cookie.
create table sessions (
  id text primary key,
  user_id uuid not null references users (id),
  district_id text not null references districts (id),
  csrf_token text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  last_seen_at timestamptz not null default now()
);
create index sessions_by_user on sessions (user_id);

create table audit_events (
  district_id text not null references districts (id),
  id uuid not null,
  at timestamptz not null default now(),
  user_id uuid,
  action text not null,
  subject_type text not null,
  subject_id text not null,
  detail jsonb not null default '{}'::jsonb,
  primary key (district_id, id)
);
create index audit_events_by_subject on audit_events (district_id, subject_type, subject_id);
