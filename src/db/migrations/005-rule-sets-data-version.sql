-- District-defined identification rule sets and the district's data version (issue #4).

-- A generation counter per district, bumped in the same transaction as every write that changes
-- what the diagnostics compute from (an import batch finished or rolled back, a rule set saved
-- or deleted, an identification recorded). The diagnostics cache (src/services/diagnostics-cache.ts)
-- keys what it computed by this number, read in one cheap query per request, so that several
-- server processes on one PostgreSQL database never serve figures older than the last commit.
-- An UPDATE (not a sequence) so that numbers follow commit order: the row lock makes a second
-- writer wait for the first to commit, and a reader never sees a later number before the data.
alter table districts add column data_version integer not null default 0;

create function bump_district_data_version() returns trigger
language plpgsql as $$
begin
  update districts set data_version = data_version + 1
    where id = case when tg_op = 'DELETE' then old.district_id else new.district_id end;
  return null;
end;
$$;

-- Every import (files, Ed-Fi, OneRoster, the demo) inserts its batch and updates it when it
-- finishes; a rollback updates its status. measure_values.batch_id is not null, so no figure
-- changes without one of these.
create trigger import_batches_data_version
  after insert or update on import_batches
  for each row execute function bump_district_data_version();

create trigger identification_runs_data_version
  after insert on identification_runs
  for each row execute function bump_district_data_version();

-- Saved rule sets: a district's own identification rules, started from a preset (DOMAIN.md §3).
-- settings is the full rule set as validated by RuleSetSchema (src/domain/diagnostics/rule-set.ts),
-- with its defaults filled in, so that what runs is exactly what was saved.
create table rule_sets (
  district_id text not null references districts (id),
  id uuid not null,
  name text not null check (length(name) between 1 and 120),
  based_on text not null check (based_on in ('north-carolina', 'federal-essa')),
  settings jsonb not null,
  created_by uuid references users (id),
  created_at timestamptz not null default clock_timestamp(),
  updated_by uuid references users (id),
  updated_at timestamptz not null default clock_timestamp(),
  primary key (district_id, id),
  unique (district_id, name)
);

create trigger rule_sets_data_version
  after insert or update or delete on rule_sets
  for each row execute function bump_district_data_version();
