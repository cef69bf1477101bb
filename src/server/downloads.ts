// File downloads (CSV, XLSX, PDF, stored artifacts): one way to answer them, and one way to
// describe them in the OpenAPI document. Every download is an attachment that the browser never
// renders in Tandem's origin (RFC 6266 Content-Disposition, with RFC 5987's `filename*` for names
// outside ASCII), never sniffed into another type, and never kept in a shared cache: exports
// carry district and sometimes personnel data.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { toXlsx, XLSX_CONTENT_TYPE } from '../services/exports/xlsx.ts';
import type { ExportTable } from '../services/exports/table.ts';

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

/** The OpenAPI `content` of a download of this media type. */
export function fileContent(type: string) {
  const schema = type.startsWith('text/') ? z.string() : z.string().openapi({ format: 'binary' });
  return { content: { [type.split(';')[0] ?? type]: { schema } } };
}

export const csvContent = fileContent('text/csv');
export const xlsxContent = fileContent(XLSX_CONTENT_TYPE);

/** Content-Disposition for an attachment: an ASCII fallback and the exact UTF-8 name. */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return ascii === fileName
    ? `attachment; filename="${fileName}"`
    : `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** The headers every download carries. */
export function downloadHeaders(contentType: string, fileName: string): Record<string, string> {
  return {
    'content-type': contentType,
    'content-disposition': attachmentDisposition(fileName),
    'x-content-type-options': 'nosniff',
    'cache-control': 'private, no-store',
  };
}

export function fileResponse(
  c: Context,
  body: string | Uint8Array | Buffer,
  contentType: string,
  fileName: string,
  extraHeaders: Record<string, string> = {},
) {
  const payload = typeof body === 'string' ? body : new Uint8Array(body);
  return c.body(payload, 200, { ...downloadHeaders(contentType, fileName), ...extraHeaders });
}

export function csvResponse(c: Context, body: string, fileName: string) {
  return fileResponse(c, body, CSV_CONTENT_TYPE, fileName);
}

export async function xlsxResponse(
  c: Context,
  table: ExportTable,
  fileName: string,
  sheetName?: string,
) {
  return fileResponse(c, await toXlsx(table, sheetName), XLSX_CONTENT_TYPE, fileName);
}
