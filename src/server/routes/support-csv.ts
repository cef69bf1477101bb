// A CSV download: an attachment, never rendered by the browser.
import type { Context } from 'hono';

export function csvResponse(c: Context, body: string, fileName: string) {
  return c.body(body, 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${fileName}"`,
    'x-content-type-options': 'nosniff',
  });
}
