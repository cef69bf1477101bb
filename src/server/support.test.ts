// The school-support API (issue #6 part B) through app.request(): contracts and the ledger CSV,
// plans, the 403s for roles that may only read, the visit-day 409, artifact upload limits and
// the download headers that keep a stored file from ever rendering in Tandem's origin. Every
// JSON answer is kept and, last, checked against the schema the OpenAPI document gives for it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
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

/** Every successful JSON answer from /api/support, to check against the OpenAPI document. */
const answers: Array<{ method: string; path: string; status: number; body: unknown }> = [];

function recording(client: TestClient): TestClient {
  const request = client.request.bind(client);
  client.request = async (method, path, body, headers) => {
    const res = await request(method, path, body, headers);
    const json = res.headers.get('content-type')?.startsWith('application/json');
    if (path.startsWith('/api/support/') && res.ok && json) {
      answers.push({ method, path, status: res.status, body: await res.clone().json() });
    }
    return res;
  };
  return client;
}

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
    }).then(recording);
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

  it('answers the rest of the support routes', async () => {
    const created = await leader.request('POST', '/api/support/contracts', {
      supportedSchoolId: f.schools[1],
      partnerSchoolId: f.schools[4],
      areasOfNeed: ['attendance'],
      termStart: '2025-08-01',
    });
    expect(created.status).toBe(201);
    const contract = `/api/support/contracts/${((await created.json()) as { id: string }).id}`;
    const parts: Array<[string, object]> = [
      [
        'targets',
        {
          measureKey: 'chronic_absence_rate',
          baselineValue: 20,
          baselineYear: 2019,
          targetValue: 15,
          targetYear: 2021,
        },
      ],
      ['payment-terms', { kind: 'on_start', label: 'On start', amount: 5000 }],
      ['payments', { amount: 2000, reason: 'First instalment', entryDate: '2025-09-01' }],
      [
        'exchanges',
        {
          direction: 'partner_to_supported',
          startDate: '2025-09-08',
          endDate: '2025-09-12',
          peopleCount: 2,
        },
      ],
      [
        'reviews',
        {
          reviewDate: '2025-12-01',
          reviewer: 'Area superintendent',
          evidence: 'Visited four classes.',
          judgement: 'some_progress',
        },
      ],
    ];
    for (const [part, body] of parts) {
      expect((await leader.request('POST', `${contract}/${part}`, body)).status).toBe(201);
    }
    const detail = (await (await analyst.request('GET', contract)).json()) as {
      exchanges: Array<{ id: string }>;
      ledger: Array<{ kind: string; balanceAfter: number }>;
    };
    expect(detail.ledger.map((e) => [e.kind, e.balanceAfter])).toEqual([
      ['owed', 5000],
      ['paid', 3000],
    ]);
    const exchange = `${contract}/exchanges/${detail.exchanges[0]?.id}`;
    expect((await leader.request('PATCH', exchange, { status: 'done' })).status).toBe(200);
    expect((await leader.request('PATCH', contract, { notes: 'Monthly visits.' })).status).toBe(
      200,
    );
    expect((await analyst.request('GET', '/api/support/reference')).status).toBe(200);

    const entry = await leader.request('POST', '/api/support/catalogue', {
      kind: 'coach',
      name: 'Instructional coach',
      unit: 'year',
      unitCost: 85000,
    });
    const catalogue = `/api/support/catalogue/${((await entry.json()) as { id: string }).id}`;
    expect((await leader.request('PATCH', catalogue, { unitCost: 90000 })).status).toBe(200);
    const policy = await leader.request('POST', '/api/support/tier-policies', {
      tier: 'all',
      kind: 'non_negotiable',
      statement: 'A weekly data meeting.',
    });
    expect(policy.status).toBe(201);
    expect((await analyst.request('GET', '/api/support/menu')).status).toBe(200);
    const policyId = ((await policy.json()) as { id: string }).id;
    expect((await leader.request('DELETE', `/api/support/tier-policies/${policyId}`)).status).toBe(
      200,
    );

    const planRes = await leader.request('POST', '/api/support/plans', {
      schoolId: f.schools[1],
      schoolYear: 2026,
    });
    const plan = `/api/support/plans/${((await planRes.json()) as { id: string }).id}`;
    expect((await leader.request('PATCH', plan, { status: 'approved' })).status).toBe(200);
    expect((await analyst.request('GET', plan)).status).toBe(200);
    expect((await analyst.request('GET', '/api/support/plans')).status).toBe(200);

    const practiceRes = await principal.request('POST', '/api/support/practices', {
      title: 'Attendance calls',
      description: 'A call home on the first day absent.',
      schoolId: f.schools[0],
    });
    const practice = `/api/support/practices/${((await practiceRes.json()) as { id: string }).id}`;
    const adoption = { schoolId: f.schools[0], startedOn: '2025-09-15', status: 'in_use' };
    expect((await principal.request('PUT', `${practice}/adoptions`, adoption)).status).toBe(200);
    const goal = {
      schoolId: f.schools[0],
      schoolYear: 2026,
      measureKey: 'math_proficiency',
      statement: 'Math proficiency to 55%.',
    };
    expect((await principal.request('POST', '/api/support/goals', goal)).status).toBe(201);
    for (const path of [
      practice,
      '/api/support/practices',
      '/api/support/goals',
      '/api/support/pockets?year=2019',
    ]) {
      expect((await analyst.request('GET', path)).status, path).toBe(200);
    }

    const clusterRes = await leader.request('POST', '/api/support/clusters', {
      name: 'North cluster',
      pooledFunding: 10000,
      schoolIds: [f.schools[0], f.schools[1], f.schools[2]],
    });
    const cluster = `/api/support/clusters/${((await clusterRes.json()) as { id: string }).id}`;
    const changes: Array<[string, string, object | undefined, number]> = [
      ['PATCH', cluster, { jointPlan: 'Shared maths coaching.' }, 200],
      ['POST', `${cluster}/members`, { schoolId: f.schools[3] }, 201],
      ['DELETE', `${cluster}/members/${f.schools[3]}`, undefined, 200],
      [
        'POST',
        `${cluster}/shared-staff`,
        { name: 'R. Rivera', role: 'Maths coach', fte: 0.5 },
        201,
      ],
      ['PUT', '/api/support/visit-allowance', { days: 3 }, 200],
    ];
    for (const [method, path, body, status] of changes) {
      expect((await leader.request(method, path, body)).status, `${method} ${path}`).toBe(status);
    }
    // The visits logged above fall in 2025–26; the overview now has plans and contracts.
    expect((await leader.request('GET', '/api/support/clusters?year=2026')).status).toBe(200);
    expect((await leader.request('GET', '/api/support/overview')).status).toBe(200);
  });

  // Last: it checks what the tests above received.
  it('documents every support route with the shape its answers really have', async () => {
    const doc = (await (await analyst.request('GET', '/api/openapi.json')).json()) as OpenApiDoc;
    const operations = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/support/'))
      .flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, operation]) => {
          const [status, success] = Object.entries(operation.responses).find(
            ([code]) => code === '200' || code === '201',
          ) ?? ['none', undefined];
          const schema = success?.content?.['application/json']?.schema ?? {};
          return {
            contentTypes: Object.keys(success?.content ?? {}),
            name: `${method.toUpperCase()} ${path}`,
            method: method.toUpperCase(),
            pattern: new RegExp(`^/api${path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
            status: Number(status),
            schema,
            validator: z.fromJSONSchema(closed({ ...schema, $defs: doc.components.schemas })),
          };
        }),
      );
    // The downloads are documented with their own media types; every other route is JSON.
    const downloads = operations.filter((o) => !o.contentTypes.includes('application/json'));
    expect(downloads.map((o) => `${o.name} ${o.contentTypes.join(', ')}`).sort()).toEqual([
      'GET /support/adoptions.csv text/csv',
      'GET /support/ledger.csv text/csv',
      'GET /support/plans.csv text/csv',
      'GET /support/practices/{id}/artifacts/{artifactId} application/octet-stream',
    ]);
    const json = operations.filter((o) => o.contentTypes.includes('application/json'));
    expect(json.length).toBeGreaterThanOrEqual(39);
    for (const o of json) {
      // z.unknown() documents as {} or a lone description: no shape at all.
      const shaped = Object.keys(o.schema).some((k) => k !== 'description');
      expect(shaped, `${o.name} documents a response shape`).toBe(true);
    }
    const unanswered = new Set(json.map((o) => o.name));
    for (const answer of answers) {
      const path = answer.path.split('?')[0] ?? '';
      const o = json.find((x) => x.method === answer.method && x.pattern.test(path));
      const name = `${answer.method} ${answer.path}`;
      expect(o, `${name} is documented`).toBeDefined();
      if (!o) continue;
      unanswered.delete(o.name);
      expect(answer.status, name).toBe(o.status);
      expect(o.validator.safeParse(answer.body).error?.issues ?? [], name).toEqual([]);
    }
    expect([...unanswered]).toEqual([]);
  });
});

type JsonSchema = Record<string, unknown>;

interface OpenApiDoc {
  paths: Record<
    string,
    Record<
      string,
      { responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }> }
    >
  >;
  components: { schemas: Record<string, JsonSchema> };
}

/**
 * The document's schema, ready for z.fromJSONSchema: references point into $defs, and objects
 * are closed — the document leaves them open, which would let a field the schema lacks pass.
 */
function closed(schema: JsonSchema): z.core.JSONSchema.JSONSchema {
  const close = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(close);
    if (node === null || typeof node !== 'object') return node;
    const out = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, close(v)]));
    if ('properties' in out && !('additionalProperties' in out)) out.additionalProperties = false;
    return out;
  };
  const text = JSON.stringify(close(schema)).replaceAll('"#/components/schemas/', '"#/$defs/');
  return JSON.parse(text) as z.core.JSONSchema.JSONSchema;
}
