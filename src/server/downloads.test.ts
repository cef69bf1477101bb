import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { attachmentDisposition, csvResponse, fileResponse } from './downloads.ts';

describe('downloads', () => {
  it('names an ASCII file plainly and a non-ASCII one twice (RFC 6266 / 5987)', () => {
    expect(attachmentDisposition('plans-2019.csv')).toBe('attachment; filename="plans-2019.csv"');
    expect(attachmentDisposition('Año "1".pdf')).toBe(
      `attachment; filename="A_o _1_.pdf"; filename*=UTF-8''A%C3%B1o%20%221%22.pdf`,
    );
  });

  it('answers as an attachment that is never sniffed or cached', async () => {
    const app = new Hono();
    app.get('/csv', (c) => csvResponse(c, 'a,b\n1,2\n', 'x.csv'));
    app.get('/bin', (c) =>
      fileResponse(c, Buffer.from([1, 2, 3]), 'application/pdf', 'x.pdf', { etag: '"e"' }),
    );
    const csv = await app.request('/csv');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="x.csv"');
    expect(csv.headers.get('x-content-type-options')).toBe('nosniff');
    expect(csv.headers.get('cache-control')).toBe('private, no-store');
    expect(await csv.text()).toBe('a,b\n1,2\n');
    const bin = await app.request('/bin');
    expect(bin.headers.get('etag')).toBe('"e"');
    expect([...new Uint8Array(await bin.arrayBuffer())]).toEqual([1, 2, 3]);
  });
});
