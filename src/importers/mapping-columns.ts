// The columns a mapping reads, apart from mapping.ts's schemas so that the import's reading worker
// (read-worker.ts) need not load zod to apply a mapping it is given already checked; and a
// mapping's name from its title, which the web app uses without loading zod either.
import type { Mapping } from './mapping.ts';

/** Header names compare ignoring case, surrounding and repeated spaces ('Reading  SPG Score'). */
export function normaliseColumn(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Every column a mapping reads, in the order it first mentions them. */
export function columnsOf(mapping: Mapping): string[] {
  const cols: string[] = [mapping.school.column];
  const add = (...names: Array<string | undefined>) => {
    for (const n of names) if (n !== undefined) cols.push(n);
  };
  for (const c of mapping.filter ?? []) add(c.column);
  if (mapping.year && 'column' in mapping.year) add(mapping.year.column);
  if (mapping.studentGroup && 'column' in mapping.studentGroup) add(mapping.studentGroup.column);
  if (mapping.kind === 'schools') {
    for (const field of Object.values(mapping.fields)) {
      if (field && 'column' in field) add(field.column);
    }
  }
  for (const m of mapping.measures ?? []) {
    add(m.column, m.maskingColumn, ...(m.sumOf ?? []));
    add(...(m.ratio?.numerator ?? []), ...(m.ratio?.denominator ?? []));
    add(...(m.yesIfAny?.columns ?? []));
    if (m.n) add(...('column' in m.n ? [m.n.column] : m.n.sumOf));
    for (const c of m.when ?? []) add(c.column);
  }
  return [...new Map(cols.map((c) => [normaliseColumn(c), c])).values()];
}

/** A mapping name (kebab-case) from a title, as a saved mapping gets one: "SIS attendance export (monthly)" → sis-attendance-export-monthly. */
export function nameFromTitle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}
