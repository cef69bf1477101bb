// Staffing equity (issue 5): the equity report and retention by effectiveness, as JSON, CSV and
// XLSX. Validate → one service call → respond; who may see what is decided in the services.
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { getEquityReport } from '../../services/equity.ts';
import { equityTable, retentionTable } from '../../services/equity-export.ts';
import { getRetention } from '../../services/equity-retention.ts';
import { toCsv, type ExportTable } from '../../services/exports/table.ts';
import { XLSX_CONTENT_TYPE } from '../../services/exports/xlsx.ts';
import type { AppEnv } from '../context.ts';
import { requireSession } from '../middleware.ts';
import { problemResponses } from '../schemas.ts';
import {
  EquityExportQuery,
  EquityQuery,
  EquityReportSchema,
  RetentionQuery,
  RetentionSchema,
} from '../equity-schemas.ts';
import { csvResponse, fileContent, xlsxResponse } from '../downloads.ts';

function sendTable(c: Context, table: ExportTable, name: string, format: 'csv' | 'xlsx') {
  return format === 'csv'
    ? csvResponse(c, toCsv(table), `${name}.csv`)
    : xlsxResponse(c, table, `${name}.xlsx`, 'Equity');
}

const json = <T>(schema: T) => ({ content: { 'application/json': { schema } } });

const fileResponses = (format: 'csv' | 'xlsx') => ({
  200: {
    description: format.toUpperCase(),
    ...fileContent(format === 'csv' ? 'text/csv' : XLSX_CONTENT_TYPE),
  },
  ...problemResponses(400, 401, 403, 404),
});

export const equityRoutes = new OpenAPIHono<AppEnv>();

equityRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/equity',
    tags: ['Staffing equity'],
    summary:
      'Rates of inexperienced, ineffective, out-of-field and provisional teachers, turnover and inexperienced principals in the highest- against the lowest-poverty and -minority schools, with the gaps, the schools that drive them and the trend',
    request: { query: EquityQuery },
    responses: {
      200: { description: 'Equity report', ...json(EquityReportSchema) },
      ...problemResponses(400, 401, 403, 404),
    },
  }),
  async (c) =>
    c.json(await getEquityReport(c.get('db'), requireSession(c).actor, c.req.valid('query')), 200),
);

for (const format of ['csv', 'xlsx'] as const) {
  equityRoutes.openapi(
    createRoute({
      method: 'get',
      path: `/equity.${format}`,
      tags: ['Staffing equity'],
      summary: `The equity report as ${format.toUpperCase()}: gaps (default) or school figures (table=schools)`,
      request: { query: EquityExportQuery },
      responses: fileResponses(format),
    }),
    async (c) => {
      const { table = 'gaps', ...query } = c.req.valid('query');
      const built = await equityTable(c.get('db'), requireSession(c).actor, query, table);
      return sendTable(c, built, `equity-${table}-${query.year ?? 'latest'}`, format);
    },
  );
}

equityRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/equity/retention',
    tags: ['Staffing equity'],
    summary:
      'Retention by effectiveness: for each rating level, the share who stayed, moved or left, by school poverty quartile',
    request: { query: RetentionQuery },
    responses: {
      200: { description: 'Retention', ...json(RetentionSchema) },
      ...problemResponses(400, 401, 403, 404),
    },
  }),
  async (c) =>
    c.json(await getRetention(c.get('db'), requireSession(c).actor, c.req.valid('query')), 200),
);

for (const format of ['csv', 'xlsx'] as const) {
  equityRoutes.openapi(
    createRoute({
      method: 'get',
      path: `/equity/retention.${format}`,
      tags: ['Staffing equity'],
      summary: `Retention by effectiveness as ${format.toUpperCase()}`,
      request: { query: RetentionQuery },
      responses: fileResponses(format),
    }),
    async (c) => {
      const query = c.req.valid('query');
      const built = await retentionTable(c.get('db'), requireSession(c).actor, query);
      return sendTable(c, built, `retention-${query.year ?? 'latest'}`, format);
    },
  );
}
