-- A district's own mappings, saved from the Data imports page (issue #3 "pick or build a
-- mapping"): a file the state or the SIS sends every term is mapped once, then picked from its
-- header like a built-in one, by the web app and by `tandem import` alike. The document is an
-- ordinary mapping (src/importers/mapping.ts), validated before it is saved; its name is unique
-- within the district and never a built-in's (src/services/saved-mappings.ts).
create table saved_mappings (
  district_id text not null references districts (id),
  name text not null check (name ~ '^[a-z0-9][a-z0-9-]*$' and length(name) <= 80),
  title text not null check (length(title) between 1 and 120),
  document jsonb not null,
  created_by uuid references users (id),
  created_at timestamptz not null default clock_timestamp(),
  primary key (district_id, name),
  unique (district_id, title)
);
