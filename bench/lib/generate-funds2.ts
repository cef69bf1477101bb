// A large file in the layout of NC DPI's rcd_funds2 (school-level spending: eight rows per
// school and year, one per object of expenditure, TOTAL among them), and a school directory in
// the layout of rcd_location naming every school in it, so that the built-in mappings take both.
// Written as a stream, a megabyte at a time; values are pseudo-random but repeatable.
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';

const HEADER =
  'year,agency_code,expenditure_category,state_funds,federal_funds,local_funds,total_funds,' +
  'state_ppe,federal_ppe,local_ppe,total_ppe,ADM\n';
const CATEGORIES = [
  'SALARIES',
  'EMPLOYEE BENEFITS',
  'PURCHASED SERVICES',
  'SUPPLIES & MATERIALS',
  'INSTRUCTIONAL EQUIP.',
  'OTHER OBJECTS',
  'CENTRAL EXPENSE',
  'TOTAL',
];
const YEARS = Array.from({ length: 30 }, (_, i) => 1995 + i);
// About 88 bytes a row, as in the real file.
const BYTES_PER_SCHOOL_YEAR = 8 * 88;

export interface GeneratedFiles {
  file: string;
  directory: string;
  rows: number;
  schools: number;
}

export async function generateFunds2(dir: string, targetBytes: number): Promise<GeneratedFiles> {
  const schools = Math.max(1, Math.ceil(targetBytes / (BYTES_PER_SCHOOL_YEAR * YEARS.length)));
  const codes = Array.from({ length: schools }, (_, i) => String(100_000 + i));
  const directory = path.join(dir, 'rcd_location.csv');
  await writeLines(directory, function* () {
    yield 'year,agency_code,category_code,agency_level,name,grade_span,title_i,street_addr,city,state,zip\n';
    for (const code of codes) {
      yield `2019,${code},E,SCH,School ${code},KG:05,,1 Main St,Raleigh,NC,27601\n`;
    }
  });
  const file = path.join(dir, 'rcd_funds2.csv');
  let seed = 42;
  // A linear congruential generator (Numerical Recipes): cheap and repeatable.
  const random = () => (seed = (seed * 1_664_525 + 1_013_904_223) >>> 0) / 2 ** 32;
  let rows = 0;
  let bytes = HEADER.length;
  await writeLines(file, function* () {
    yield HEADER;
    for (const year of YEARS) {
      for (const code of codes) {
        const adm = 100 + Math.floor(random() * 1500);
        for (const category of CATEGORIES) {
          const state = Math.round(random() * 5_000_000 * 100) / 100;
          const federal = Math.round(random() * 500_000 * 100) / 100;
          const local = Math.round(random() * 1_500_000 * 100) / 100;
          const total = Math.round(state + federal + local);
          const ppe = (x: number) => (x / adm).toFixed(2);
          const line = `${year},${code},${category},${state},${federal},${local},${total},${ppe(state)},${ppe(federal)},${ppe(local)},${ppe(total)},${adm}\n`;
          rows++;
          bytes += line.length;
          yield line;
        }
        if (bytes >= targetBytes) return;
      }
    }
  });
  return { file, directory, rows, schools };
}

async function writeLines(file: string, lines: () => Generator<string>): Promise<void> {
  const out = fs.createWriteStream(file);
  let buffer = '';
  for (const line of lines()) {
    buffer += line;
    if (buffer.length >= 1_000_000) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}
