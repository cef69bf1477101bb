import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/connection.ts';
import { makeDistrict, makeSchool } from '../db/factories.ts';
import { createUser, resetSignInLimits } from '../services/auth.ts';
import { createTestApp, signedInClient, TestClient } from './testing.ts';

let app: Awaited<ReturnType<typeof createTestApp>>['app'];
let handle: DbHandle;
let districtId: string;

beforeAll(async () => {
  ({ app, handle } = await createTestApp());
  districtId = (await makeDistrict(handle.db)).id;
  await makeSchool(handle.db, districtId, { id: '920302', name: 'Alpha Elementary' });
});
afterAll(() => handle.close());

describe('signing in', () => {
  it('signs in with a one-time password, sets an HttpOnly SameSite cookie, and asks for a new password', async () => {
    const { password } = await createUser(handle.db, {
      districtId,
      username: 'Ana.Leader',
      displayName: 'Ana',
      role: 'district_leader',
    });
    const client = new TestClient(app);
    const res = await client.request('POST', '/api/session', { username: 'ana.leader', password });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/tandem_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const body = (await res.json()) as { user: { mustChangePassword: boolean }; csrfToken: string };
    expect(body.user.mustChangePassword).toBe(true);
    client.csrfToken = body.csrfToken;

    const me = await client.request('GET', '/api/session');
    expect(me.status).toBe(200);

    const weak = await client.request('POST', '/api/session/password', {
      currentPassword: password,
      newPassword: 'short',
    });
    expect(weak.status).toBe(400);
    expect(((await weak.json()) as { problems: Array<{ field: string }> }).problems[0]?.field).toBe(
      'newPassword',
    );

    const changed = await client.request('POST', '/api/session/password', {
      currentPassword: password,
      newPassword: 'a much longer passphrase',
    });
    expect(changed.status).toBe(204);
    const after = (await (await client.request('GET', '/api/session')).json()) as {
      user: { mustChangePassword: boolean };
    };
    expect(after.user.mustChangePassword).toBe(false);

    const audit = await handle.db
      .selectFrom('audit_events')
      .select('action')
      .where('district_id', '=', districtId)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['sign_in', 'password_changed']),
    );
  });

  it('answers a wrong password and an unknown user with the same 401', async () => {
    await createUser(handle.db, {
      districtId,
      username: 'bo.analyst',
      displayName: 'Bo',
      role: 'analyst',
    });
    const client = new TestClient(app);
    const wrong = await client.request('POST', '/api/session', {
      username: 'bo.analyst',
      password: 'nope',
    });
    const unknown = await client.request('POST', '/api/session', {
      username: 'nobody',
      password: 'nope',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const a = (await wrong.json()) as { detail: string };
    const b = (await unknown.json()) as { detail: string };
    expect(a.detail).toBe(b.detail);
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
    resetSignInLimits();
  });

  it('rate-limits repeated failures for a username', async () => {
    const client = new TestClient(app);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push(
        (
          await client.request('POST', '/api/session', {
            username: 'bo.analyst',
            password: `bad${i}`,
          })
        ).status,
      );
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
    const limited = await client.request('POST', '/api/session', {
      username: 'bo.analyst',
      password: 'x',
    });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    resetSignInLimits();
  });

  it('rejects malformed bodies with a problem naming the field', async () => {
    const client = new TestClient(app);
    const res = await client.request('POST', '/api/session', { username: 'bo.analyst' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { problems: Array<{ field: string }> };
    expect(body.problems.map((p) => p.field)).toContain('password');
    const notJson = await client.request('POST', '/api/session', undefined, {
      'content-type': 'text/plain',
    });
    expect(notJson.status).toBe(400);
  });

  it('refuses a mutation without the CSRF token', async () => {
    const client = await signedInClient(app, handle, {
      districtId,
      username: 'cy.hr',
      displayName: 'Cy',
      role: 'hr',
    });
    const token = client.csrfToken;
    client.csrfToken = '';
    const res = await client.request('DELETE', '/api/session');
    expect(res.status).toBe(403);
    client.csrfToken = token;
    expect((await client.request('DELETE', '/api/session')).status).toBe(204);
    expect((await client.request('GET', '/api/session')).status).toBe(401);
  });

  it('requires a session for district data', async () => {
    const res = await new TestClient(app).request('GET', '/api/district');
    expect(res.status).toBe(401);
  });

  it('publishes an OpenAPI document', async () => {
    const res = await app.request('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/session', '/district', '/schools/{schoolId}']),
    );
  });

  it('answers unknown API paths with a 404 problem', async () => {
    const res = await app.request('/api/nope');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});
