// The schools table as spreadsheet rows: numbers stay numbers (percentages on the 0–100 scale,
// as shown), codes become words, a suppressed figure says so and an unreported one is blank.
import type { SchoolSummary } from '../../api/types.ts';
import type { CsvCell } from '../../ui/csv.ts';
import { formatLevel, formatSchoolYear, formatText, formatYesNo } from '../../ui/format.ts';
import type { TableColumn } from './columns.ts';

function headerFor(column: TableColumn): string {
  if (!column.measure) return column.title;
  switch (column.measure.unit) {
    case 'percent':
      return `${column.title} (%)`;
    case 'dollars':
      return `${column.title} ($)`;
    default:
      return column.title;
  }
}

function cellFor(school: SchoolSummary, column: TableColumn): CsvCell {
  switch (column.key) {
    case 'name':
      return school.name;
    case 'level':
      return formatLevel(school.level);
    case 'gradeSpan':
      return school.gradeSpan;
    case 'isTitleI':
      return school.isTitleI === null ? null : formatYesNo(school.isTitleI);
    case 'region':
      return school.region;
    case 'town':
      return school.city;
  }
  const figure = school.figures[column.key];
  const measure = column.measure;
  if (!figure || !measure || figure.status === 'missing') return null;
  if (figure.status === 'suppressed') {
    return figure.marker ? `Suppressed (${figure.marker})` : 'Suppressed';
  }
  if (!column.isNumeric) return figure.text === null ? null : formatText(figure.text, measure.unit);
  return figure.value;
}

/** The school years a column's figures come from (usually just the latest). */
export function columnYears(schools: readonly SchoolSummary[], key: string): number[] {
  const years = new Set<number>();
  for (const school of schools) {
    const figure = school.figures[key];
    if (figure && figure.status !== 'missing') years.add(figure.year);
  }
  return [...years].sort((a, b) => a - b);
}

/**
 * Header and rows. A measure whose figures all come from one school year names that year in
 * its header; one whose figures span years gets a year column beside it.
 */
export function schoolsToRows(
  schools: readonly SchoolSummary[],
  columns: readonly TableColumn[],
): CsvCell[][] {
  const header: CsvCell[] = ['School ID'];
  const cells: Array<(school: SchoolSummary) => CsvCell> = [(school) => school.id];
  for (const column of columns) {
    const years = column.measure ? columnYears(schools, column.key) : [];
    const single = years.length === 1 ? years[0] : undefined;
    header.push(
      single === undefined
        ? headerFor(column)
        : `${headerFor(column)}, ${formatSchoolYear(single)}`,
    );
    cells.push((school) => cellFor(school, column));
    if (years.length > 1) {
      header.push(`${column.title}: school year`);
      cells.push((school) => {
        const year = school.figures[column.key]?.year;
        return year === undefined ? null : formatSchoolYear(year);
      });
    }
  }
  return [header, ...schools.map((school) => cells.map((cell) => cell(school)))];
}
