-- Identification runs (issue #4; DOMAIN.md §3): a district leader runs a rule set on one school
-- year and the result is recorded as it was, with the whole rule set as run, so that any past
-- identification can be shown again and explained without re-running it on data that may have
-- changed since. Keyed (district_id, …) like every tenant table (docs/decisions/003-data-model.md).
create table identification_runs (
  district_id text not null references districts (id),
  id uuid not null,
  -- The full rule set as run (src/domain/diagnostics/rule-set.ts RuleSetSchema, defaults filled).
  rule_set jsonb not null,
  rule_set_id text not null,
  rule_set_name text not null,
  school_year smallint not null check (school_year between 1990 and 2100),
  run_at timestamptz not null default clock_timestamp(),
  run_by uuid references users (id),
  primary key (district_id, id)
);
create index identification_runs_by_time on identification_runs (district_id, run_at desc);

-- One row per school judged in a run, identified or not: the reasons say why either way.
-- No foreign key to schools: a run stays readable as recorded even if a school is later removed.
create table identification_results (
  district_id text not null,
  run_id uuid not null,
  school_id text not null,
  identified boolean not null,
  tier text,
  designations jsonb not null default '[]'::jsonb,
  reasons jsonb not null default '[]'::jsonb,
  primary key (district_id, run_id, school_id),
  foreign key (district_id, run_id) references identification_runs (district_id, id)
);
