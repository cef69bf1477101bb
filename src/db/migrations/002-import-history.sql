-- Import history (issue #3): what each batch replaced, so that rolling it back restores exactly
-- that, and the rows a partial load rejected, for download. Both are keyed (district_id,
-- batch_id, …) like every tenant table, so Citus shards them with the district
-- (docs/decisions/003-data-model.md, 005-imports.md).

-- The batch's counts, how problems were handled, and the file's header (the rejected-rows CSV
-- repeats it). created_at now takes the clock, not the transaction start, so that batches loaded
-- in one transaction (the demo) still list in the order they were made.
alter table import_batches
  add column rows_skipped integer not null default 0,
  add column on_problems text not null default 'abort' check (on_problems in ('abort', 'skip-rows')),
  add column source_columns jsonb,
  add column notes text,
  alter column created_at set default clock_timestamp();

-- One row per row a batch *changed*: its natural key and the whole row as it was before, so that
-- a rollback can put it back, batch_id included. Rows a batch inserted need no entry: a value's
-- batch_id is the batch that last changed it, so after the changed rows are restored, the rows
-- still carrying the batch's id are exactly the ones it inserted. previous_batch_id is the
-- batch whose row was replaced: a committed batch with an entry here pointing at batch X must
-- be rolled back before X can be.
create table import_before_images (
  district_id text not null,
  batch_id uuid not null,
  table_name text not null check (table_name in ('schools', 'measure_values')),
  row_key jsonb not null,
  previous jsonb not null,
  previous_batch_id uuid,
  primary key (district_id, batch_id, table_name, row_key),
  foreign key (district_id, batch_id) references import_batches (district_id, id)
);
create index import_before_images_by_previous on import_before_images (district_id, previous_batch_id);

-- Rows a batch loaded with onProblems 'skip-rows' left out, with the reason and the row's cells
-- as read (the header is import_batches.source_columns).
create table import_rejections (
  district_id text not null,
  batch_id uuid not null,
  row_number integer not null,
  reason text not null,
  cells jsonb not null,
  primary key (district_id, batch_id, row_number),
  foreign key (district_id, batch_id) references import_batches (district_id, id)
);
