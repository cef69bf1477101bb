-- Staff rollback (issue #3 "A batch can be rolled back, restoring exactly what it replaced"):
-- Ed-Fi and OneRoster batches write staff, their school assignments and their licences. Their
-- before-images go in the same table, with the same design as schools and measure values
-- (migration 002, docs/decisions/005-imports.md "Rollback"): one row per row a batch *changed*,
-- its natural key as a JSON array in key order and the whole row as it was; rows a batch
-- inserted need no entry, since after the restore they are the ones still carrying its id.
--   staff              row_key [id]
--   staff_assignments  row_key [staff_id, school_id, school_year, role]
--   staff_credentials  row_key [staff_id, credential_id]
-- Ratings are not written by any import, so they get no before-images; a rollback still
-- refuses a batch that wrote ratings.
alter table import_before_images drop constraint import_before_images_table_name_check;
alter table import_before_images add constraint import_before_images_table_name_check
  check (table_name in ('schools', 'measure_values', 'staff', 'staff_assignments', 'staff_credentials'));
