-- The line of the file each measure value was read from (1 is the header), beside the batch that
-- wrote it (batch_id): a figure can be traced to the row it came from, and an import that finds a
-- value given twice names the first row from here, not from a log of every key it copied
-- (src/db/queries/import-writes.ts, findRepeatedKeys; docs/decisions/005-imports.md, "The key log
-- holds no copied keys"). Null for values not read from a row of a file (Ed-Fi and OneRoster
-- aggregates, the demo's synthetic figures, values imported before this column).
--
-- Like batch_id, it changes only when the value does: re-importing a file that moved a row leaves
-- an unchanged value pointing at the batch and row that last wrote it.
alter table measure_values
  add column source_row integer check (source_row is null or source_row >= 1);
