// Exports (issue #4 "Exports: CSV, XLSX, and a PDF school report"): the diagnostics and school
// tables as XLSX, a recorded identification run as XLSX, a school's board report as PDF, and
// every figure of a school with its source file and row as CSV.
// Each is validate → one service → a file with its content type and a file name that says the
// district or school and the school year. Registered before the diagnostics and school routes so
// that `/identifications/<uuid>.xlsx` is not taken for a run id.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  diagnosticsTable,
  identificationRunTable,
  schoolsTable,
} from '../../services/diagnostics-export.ts';
import { PDF_CONTENT_TYPE } from '../../services/exports/pdf.ts';
import { slugify, type ExportTable } from '../../services/exports/table.ts';
import { XLSX_CONTENT_TYPE, toXlsx } from '../../services/exports/xlsx.ts';
import { schoolFiguresCsv } from '../../services/school-figures-export.ts';
import { buildSchoolReport } from '../../services/school-report.ts';
import type { AppEnv } from '../context.ts';
import { DiagnosticsQuery, SchoolDiagnosticsQuery } from '../diagnostics-schemas.ts';
import { requireSession } from '../middleware.ts';
import { validationError } from '../problem.ts';
import { problemResponses, SchoolIdParam } from '../schemas.ts';
import { csvContent, csvResponse, fileContent, fileResponse, xlsxContent } from '../downloads.ts';

const pdfContent = fileContent(PDF_CONTENT_TYPE);

/** "wake-county-schools-diagnostics-2019.xlsx" */
function tableFileName(table: ExportTable, what: string): string {
  const district = slugify(table.about?.district ?? 'district');
  const year = table.about?.year;
  return `${district}-${what}${year ? `-${year}` : ''}.xlsx`;
}

const SchoolsXlsxQuery = z.object({
  schools: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}(,[A-Za-z0-9_-]{1,40})*$/, 'School ids separated by commas.')
    .max(40_000)
    .optional()
    .openapi({
      description: 'Only these schools (the ids the page’s filters leave), comma-separated.',
      example: '920302,920304',
    }),
});

const RunXlsxParam = z.object({ file: z.string().regex(/^[0-9a-fA-F-]{36}\.xlsx$/) });

export const exportRoutes = new OpenAPIHono<AppEnv>();

// A path with a pattern OpenAPI can't say: validated here, like the run's CSV.
exportRoutes.get('/identifications/:file{[0-9a-fA-F-]{36}\\.xlsx}', async (c) => {
  const parsed = RunXlsxParam.safeParse(c.req.param());
  if (!parsed.success) throw validationError(parsed.error, 'path');
  const runId = parsed.data.file.slice(0, -'.xlsx'.length);
  const table = await identificationRunTable(c.get('db'), requireSession(c).actor, runId);
  return fileResponse(
    c,
    await toXlsx(table, 'Identification'),
    XLSX_CONTENT_TYPE,
    tableFileName(table, `identification-${runId.slice(0, 8)}`),
  );
});

exportRoutes
  .openapi(
    createRoute({
      method: 'get',
      path: '/diagnostics.xlsx',
      tags: ['Exports'],
      summary:
        'The diagnostics table as an Excel workbook (typed numbers, frozen header, an About sheet)',
      request: { query: DiagnosticsQuery },
      responses: {
        200: { description: 'XLSX', ...xlsxContent },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const table = await diagnosticsTable(
        c.get('db'),
        requireSession(c).actor,
        c.req.valid('query'),
      );
      return fileResponse(
        c,
        await toXlsx(table, 'Diagnostics'),
        XLSX_CONTENT_TYPE,
        tableFileName(table, 'diagnostics'),
      );
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/schools.xlsx',
      tags: ['Exports'],
      summary: 'The district’s schools table (latest headline figures) as an Excel workbook',
      request: { query: SchoolsXlsxQuery },
      responses: {
        200: { description: 'XLSX', ...xlsxContent },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const { schools } = c.req.valid('query');
      const table = await schoolsTable(c.get('db'), requireSession(c).actor, {
        ...(schools === undefined ? {} : { schoolIds: schools.split(',') }),
      });
      return fileResponse(
        c,
        await toXlsx(table, 'Schools'),
        XLSX_CONTENT_TYPE,
        tableFileName(table, schools === undefined ? 'schools' : 'schools-filtered'),
      );
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/schools/{schoolId}/figures.csv',
      tags: ['Exports'],
      summary:
        'Every figure of a school with the file and row it was read from, as CSV (rates under the minimum n suppressed)',
      request: { params: SchoolIdParam },
      responses: {
        200: { description: 'CSV', ...csvContent },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { schoolId } = c.req.valid('param');
      const file = await schoolFiguresCsv(c.get('db'), requireSession(c).actor, schoolId);
      return csvResponse(c, file.csv, file.fileName);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/schools/{schoolId}/report.pdf',
      tags: ['Exports'],
      summary:
        'A school’s board report as PDF: indicators with n and definitions, trends, student-group gaps, identification, peers, sources',
      request: { params: SchoolIdParam, query: SchoolDiagnosticsQuery },
      responses: {
        200: { description: 'PDF', ...pdfContent },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { schoolId } = c.req.valid('param');
      const file = await buildSchoolReport(
        c.get('db'),
        requireSession(c).actor,
        schoolId,
        c.req.valid('query'),
      );
      return fileResponse(c, file.buffer, PDF_CONTENT_TYPE, file.fileName);
    },
  );
