// The school-support API (issue #6 part B) through app.request(): contracts and the ledger CSV,
// plans, the 403s for roles that may only read, the visit-day 409, artifact upload limits and
// the download headers that keep a stored file from ever rendering in Tandem's origin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/connection.ts';
import { makeSupportDistrict, type SupportFixture } from '../services/supports-testing.ts';
import { createTestApp, signedInClient, type TestClient } from './testing.ts';

let app: Awaited<ReturnType<typeof createTestApp>>['app'];
let handle: DbHandle;
let f: SupportFixture;
let leader: TestClient;
let principal: TestClient;
let analyst: TestClient;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n');

beforeAll(async () => {
  ({ app, handle } = await createTestApp());
  f = await makeSupportDistrict(handle.db);
  const user = (
    username: string,
    role: 'district_leader' | 'principal' | 'analyst',
    schoolIds: string[] = [],
  ) =>
    signedInClient(app, handle, {
      districtId: f.districtId,
      username,
      displayName: username,
      role,
      schoolIds,
    });
  leader = await user('leader', 'district_leader');
  principal = await user('principal', 'principal', [f.schools[0] ?? '']);
  analyst = await user('analyst', 'analyst');
}, 120_000);
afterAll(() => handle.close());

describe('school support API', () => {
  it('creates a contract, judges its target and exports the ledger as CSV', async () => {
    const res = await leader.request('POST', '/api/support/contracts', {
      supportedSchoolId: f.schools[0],
      partnerSchoolId: f.schools[3],
      areasOfNeed: ['teaching quality'],
      termStart: '2018-08-01',
      targets: [
        {
          measureKey: 'math_proficiency',
          baselineValue: 40,
          baselineYear: 2018,
          targetValue: 50,
          targetYear: 2020,
        },
      ],
      paymentTerms: [{ kind: 'per_target_met', label: 'Per target met', amount: 3000 }],
    });
    expect(res.status).toBe(201);
    const contract = (await res.json()) as {
      id: string;
      balance: number;
      targets: Array<{ status: string }>;
    };
    expect(contract.targets[0]?.status).toBe('met');
    expect(contract.balance).toBe(3000);

    const list = await analyst.request('GET', '/api/support/contracts');
    expect(list.status).toBe(200);
    const csv = await analyst.request('GET', '/api/support/ledger.csv');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe(
      'attachment; filename="contract-ledger.csv"',
    );
    expect(await csv.text()).toContain('Per target met: target met');

    const overview = await analyst.request('GET', '/api/support/overview');
    expect(overview.status).toBe(200);
  });

  it('answers 403 to roles that may only read, and 400 to a bad body', async () => {
    const contract = {
      supportedSchoolId: f.schools[1],
      partnerSchoolId: f.schools[2],
      areasOfNeed: ['management'],
      termStart: '2025-08-01',
    };
    expect((await principal.request('POST', '/api/support/contracts', contract)).status).toBe(403);
    expect((await analyst.request('POST', '/api/support/contracts', contract)).status).toBe(403);
    const menu = { kind: 'coach', name: 'Coach', unit: 'year', unitCost: 80000 };
    expect((await analyst.request('POST', '/api/support/catalogue', menu)).status).toBe(403);
    expect(
      (await principal.request('PUT', '/api/support/visit-allowance', { days: 9 })).status,
    ).toBe(403);
    const bad = await leader.request('POST', '/api/support/contracts', {
      ...contract,
      partnerSchoolId: contract.supportedSchoolId,
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { detail: string }).detail).toContain('own partner');
    expect((await leader.request('GET', '/api/support/contracts/not-a-uuid')).status).toBe(400);
    expect(
      (await leader.request('GET', '/api/support/contracts/00000000-0000-4000-8000-000000000000'))
        .status,
    ).toBe(404);
  });

  it('lets a principal update their own school’s plan item but not add to the plan', async () => {
    const entry = await leader.request('POST', '/api/support/catalogue', {
      kind: 'training',
      name: 'Data coaching',
      unit: 'session',
      unitCost: 450,
    });
    const { id: catalogueId } = (await entry.json()) as { id: string };
    const planRes = await leader.request('POST', '/api/support/plans', {
      schoolId: f.schools[0],
      schoolYear: 2026,
    });
    const plan = (await planRes.json()) as { id: string };
    const item = {
      catalogueId,
      quantity: 6,
      owner: 'Principal',
      startDate: '2025-09-01',
      dueDate: '2026-05-01',
    };
    expect(
      (await principal.request('POST', `/api/support/plans/${plan.id}/items`, item)).status,
    ).toBe(403);
    const added = await leader.request('POST', `/api/support/plans/${plan.id}/items`, item);
    const withItem = (await added.json()) as { totalCost: number; items: Array<{ id: string }> };
    expect(withItem.totalCost).toBe(2700);
    const upd = await principal.request(
      'PATCH',
      `/api/support/plans/${plan.id}/items/${withItem.items[0]?.id}`,
      { status: 'in_progress' },
    );
    expect(upd.status).toBe(200);
    const csv = await analyst.request('GET', '/api/support/plans.csv');
    expect(await csv.text()).toContain('Data coaching,Training,6,session,450,2700');
  });

  it('refuses a visit beyond the allowance with a 409 naming the teacher and the days left', async () => {
    const visit = { staffId: 'T1', hostSchoolId: f.schools[2], visitDate: '2025-10-01', days: 2.5 };
    expect((await principal.request('POST', '/api/support/visits', visit)).status).toBe(201);
    const refused = await principal.request('POST', '/api/support/visits', { ...visit, days: 1 });
    expect(refused.status).toBe(409);
    const problem = (await refused.json()) as { detail: string; type: string };
    expect(problem.type).toBe('https://tandem.local/problems/conflict');
    expect(problem.detail).toMatch(/^T1 Teacher has 0.5 of 3 visit days left/);
    const overridden = await leader.request('POST', '/api/support/visits', {
      ...visit,
      days: 1,
      overrideReason: 'Lab classroom',
    });
    expect(overridden.status).toBe(201);
  });

  it('limits uploads and serves artifacts only as attachments with nosniff', async () => {
    const created = await principal.request('POST', '/api/support/practices', {
      title: 'Peer observation',
      description: 'Every three weeks.',
      schoolId: f.schools[0],
    });
    expect(created.status).toBe(201);
    const practice = (await created.json()) as { id: string };
    const upload = (fileName: string, content: Buffer | string) =>
      principal.request('POST', `/api/support/practices/${practice.id}/artifacts`, {
        fileName,
        contentBase64: Buffer.from(content).toString('base64'),
      });
    expect((await upload('x.html', '<html><body>hi</body></html>')).status).toBe(400);
    expect((await upload('x.pdf', '<html>not a pdf</html>')).status).toBe(400);
    const tooBig = await upload('big.pdf', Buffer.concat([PDF, Buffer.alloc(6 * 1024 * 1024)]));
    expect(tooBig.status).toBe(400);
    expect(((await tooBig.json()) as { detail: string }).detail).toContain('5 MB');
    const ok = await upload('Protocolo de observación.pdf', PDF);
    expect(ok.status).toBe(201);
    const detail = (await ok.json()) as { artifacts: Array<{ id: string }> };
    const id = detail.artifacts[0]?.id;
    const download = await analyst.request(
      'GET',
      `/api/support/practices/${practice.id}/artifacts/${id}`,
    );
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename="Protocolo de observaci_n.pdf"; filename*=UTF-8''Protocolo%20de%20observaci%C3%B3n.pdf`,
    );
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await download.arrayBuffer()).equals(PDF)).toBe(true);
  });

  it('documents the support routes in the OpenAPI document', async () => {
    const res = await analyst.request('GET', '/api/openapi.json');
    const doc = (await res.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/support/contracts',
        '/support/contracts/{id}',
        '/support/plans/{id}/items/{itemId}',
        '/support/practices/{id}/artifacts',
        '/support/visits',
      ]),
    );
  });
});
