-- The state's school-level reference figures (issue #5 "against statewide quartiles when state
-- data are loaded"; docs/decisions/007-equity-methods.md). Imports keep the district's own schools;
-- statewide quartiles need every school in the state with its shares and staffing figures. They
-- are loaded as reference data (`tandem import --statewide`, src/services/statewide-import.ts),
-- one import batch per load, and read only by the equity report: these rows are not schools of
-- the district and never join `schools` or `measure_values`.
--
-- Keyed (district_id, …) like every tenant table so that Citus shards them with the district: a
-- district that loads the state's files holds its own copy (about 2,600 rows a year for NC).
--
-- A load is a snapshot per state and year: the rows carry the batch that loaded them, and the
-- figures in force for a year are those of the latest committed batch with rows for it
-- (src/db/queries/statewide.ts). A reload with different figures adds a new snapshot, so rolling
-- it back (its rows deleted, src/services/import-batches.ts) brings the previous one back; a
-- reload with the same figures writes nothing.
--
-- Shares are percents (0–100). A share the publisher masked at a bound (NC rcd_acc_eds '>95%',
-- '<5%') keeps the bound as its value, with the mask in *_marker, so the school still ranks at its
-- end of the state; other masks leave the share null. Staffing figures are percents with the n
-- they are about (teachers, rated teachers, principals); a null n means the school's teachers.
-- out_of_field is there for states that publish it (NC does not).
create table statewide_school_figures (
  district_id text not null references districts (id),
  state text not null check (state ~ '^[A-Z]{2}$'),
  school_year smallint not null check (school_year between 1990 and 2100),
  batch_id uuid not null,
  school_code text not null check (length(school_code) between 1 and 32),
  name text,
  lea_code text,
  enrollment double precision check (enrollment is null or enrollment >= 0),
  poverty_pct double precision check (poverty_pct is null or poverty_pct between 0 and 100),
  poverty_marker text,
  minority_pct double precision check (minority_pct is null or minority_pct between 0 and 100),
  minority_n double precision check (minority_n is null or minority_n >= 0),
  teachers double precision check (teachers is null or teachers >= 0),
  beginning_pct double precision check (beginning_pct is null or beginning_pct between 0 and 100),
  beginning_n double precision check (beginning_n is null or beginning_n >= 0),
  experience_0_3_pct double precision
    check (experience_0_3_pct is null or experience_0_3_pct between 0 and 100),
  experience_0_3_n double precision check (experience_0_3_n is null or experience_0_3_n >= 0),
  provisional_pct double precision
    check (provisional_pct is null or provisional_pct between 0 and 100),
  provisional_n double precision check (provisional_n is null or provisional_n >= 0),
  ineffective_pct double precision
    check (ineffective_pct is null or ineffective_pct between 0 and 100),
  ineffective_n double precision check (ineffective_n is null or ineffective_n >= 0),
  out_of_field_pct double precision
    check (out_of_field_pct is null or out_of_field_pct between 0 and 100),
  out_of_field_n double precision check (out_of_field_n is null or out_of_field_n >= 0),
  turnover_pct double precision check (turnover_pct is null or turnover_pct between 0 and 100),
  turnover_n double precision check (turnover_n is null or turnover_n >= 0),
  inexperienced_principal_pct double precision
    check (inexperienced_principal_pct is null or inexperienced_principal_pct between 0 and 100),
  inexperienced_principal_n double precision
    check (inexperienced_principal_n is null or inexperienced_principal_n >= 0),
  primary key (district_id, state, school_year, batch_id, school_code),
  foreign key (district_id, batch_id) references import_batches (district_id, id)
);
-- Rollback deletes a batch's rows.
create index statewide_school_figures_by_batch on statewide_school_figures (district_id, batch_id);
