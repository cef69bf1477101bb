// Every figure of one school, each with the file and the row it was read from, as CSV: what a
// reader who doubts a number on the school page needs to find it in the source (the brief: every
// figure names its definition, its source data and its n). One row per stored value, long
// format (measure, student group, school year), the value exactly as stored; a rate about fewer
// than the minimum n is suppressed here as on the page (DOMAIN.md §6), its n still shown.
// The row is the file's line, 1 being the header (measure_values.source_row, migration 010);
// values not read from a row of a file (Ed-Fi and OneRoster aggregates, imports before the
// column) have none.
import type { Actor } from '../domain/access/access.ts';
import { DEFAULT_MINIMUM_N } from '../domain/shared/suppression.ts';
import type { Db } from '../db/connection.ts';
import { slugify, toCsv, type ExportColumn, type ExportTable } from './exports/table.ts';
import { describeGroup } from './contracts-rules.ts';
import { compareSeries, loadSchoolValues, toFigure } from './schools.ts';

const COLUMNS: ExportColumn[] = [
  { key: 'measure_key', header: 'Measure key', kind: 'text', definition: 'The measure’s key.' },
  { key: 'measure', header: 'Measure', kind: 'text', definition: 'The measure’s name.' },
  { key: 'unit', header: 'Unit', kind: 'text', definition: 'The measure’s unit.' },
  {
    key: 'student_group',
    header: 'Student group',
    kind: 'text',
    definition: 'The students the figure is about.',
  },
  {
    key: 'school_year',
    header: 'School year',
    kind: 'year',
    definition: 'The school year by its spring year (2019 = 2018–19).',
  },
  {
    key: 'value',
    header: 'Value',
    kind: 'text',
    definition: 'The figure exactly as stored (percents on the 0–100 scale), or its text.',
  },
  { key: 'n', header: 'n', kind: 'count', definition: 'How many the figure is about.' },
  {
    key: 'status',
    header: 'Status',
    kind: 'text',
    definition: 'reported, suppressed (by the publisher or under the minimum n) or missing.',
  },
  {
    key: 'source_marker',
    header: 'Source marker',
    kind: 'text',
    definition: 'The publisher’s marker for a suppressed or bounded figure, e.g. <10 or >95%.',
  },
  {
    key: 'source_file',
    header: 'Source file',
    kind: 'text',
    definition: 'The imported file the figure came from.',
  },
  {
    key: 'source_row',
    header: 'Source row',
    kind: 'count',
    definition: 'The line of that file (1 is the header); blank if not read from a row.',
  },
  {
    key: 'imported_at',
    header: 'Imported at',
    kind: 'text',
    definition: 'When that file was imported (UTC).',
  },
  { key: 'batch_id', header: 'Import batch', kind: 'text', definition: 'The import batch.' },
];

export async function schoolFiguresTable(
  db: Db,
  actor: Actor,
  schoolId: string,
): Promise<{ table: ExportTable; fileName: string }> {
  const { school, values, measures, batches } = await loadSchoolValues(db, actor, schoolId);
  const byKey = new Map(measures.map((m) => [m.key, m]));
  const batchById = new Map(batches.map((b) => [b.id, b]));
  // As the page lists them, each by year.
  const sorted = [...values].sort(
    (a, b) =>
      compareSeries(a.measure_key, a.student_group, b.measure_key, b.student_group) ||
      a.school_year - b.school_year,
  );
  const rows = sorted.map((v) => {
    const measure = byKey.get(v.measure_key);
    const figure = toFigure(v, measure?.unit);
    const batch = batchById.get(v.batch_id);
    const value =
      figure.status === 'suppressed'
        ? { suppressed: figure.marker ?? 'suppressed' }
        : figure.value !== null
          ? String(figure.value)
          : figure.text;
    return [
      v.measure_key,
      measure?.label ?? v.measure_key,
      measure?.unit ?? null,
      describeGroup(v.student_group),
      v.school_year,
      value,
      figure.n,
      figure.status,
      figure.marker,
      batch?.file_name ?? null,
      v.source_row,
      batch ? new Date(batch.created_at).toISOString() : null,
      v.batch_id,
    ];
  });
  const table: ExportTable = {
    title: `${school.name}: every figure with its source`,
    notes: [
      `${rows.length} figures of school ${school.id}, each with the file and line it was read from; rates about fewer than ${DEFAULT_MINIMUM_N} people suppressed, as on the school page.`,
    ],
    columns: COLUMNS,
    rows,
  };
  return { table, fileName: `${slugify(school.name)}-figures-with-sources.csv` };
}

/** schoolFiguresTable as CSV. */
export async function schoolFiguresCsv(db: Db, actor: Actor, schoolId: string) {
  const { table, fileName } = await schoolFiguresTable(db, actor, schoolId);
  return { csv: toCsv(table), fileName };
}
