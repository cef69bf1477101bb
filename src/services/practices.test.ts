// The practice exchange on a real test database: practices, artifacts (types, size, bytes and
// digest as stored), adoptions over time, schools with the same goal, permissions, audit.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/connection.ts';
import { listAuditEvents } from '../db/queries/audit.ts';
import { createTestDb } from '../db/testing.ts';
import {
  adoptionTimeline,
  adoptionsCsv,
  createGoal,
  createPractice,
  getPractice,
  listPractices,
  readArtifact,
  setAdoption,
  uploadArtifact,
} from './practices.ts';
import { MAX_ARTIFACT_BYTES } from './practices-files.ts';
import { actorFor, makeSupportDistrict, type SupportFixture } from './supports-testing.ts';

let handle: DbHandle;
let f: SupportFixture;

beforeAll(async () => {
  handle = await createTestDb();
  f = await makeSupportDistrict(handle.db);
}, 60_000);
afterAll(() => handle.close());

const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64');
const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe('the practice exchange', () => {
  it('keeps artifacts of allowed types within the size limit, byte for byte', async () => {
    const principal = actorFor(f.districtId, 'principal', f.schools[0] ?? null);
    const practice = await createPractice(handle.db, principal, {
      title: 'Peer observation cycles',
      description: 'Teachers observe each other every three weeks with a shared protocol.',
      schoolId: f.schools[0],
    });
    const withFile = await uploadArtifact(handle.db, principal, practice.id, {
      fileName: 'protocol.pdf',
      contentBase64: b64(PDF),
    });
    const artifact = withFile.artifacts[0];
    expect(artifact).toMatchObject({
      fileName: 'protocol.pdf',
      mediaType: 'application/pdf',
      sizeBytes: PDF.length,
      sha256: createHash('sha256').update(PDF).digest('hex'),
    });
    const read = await readArtifact(
      handle.db,
      actorFor(f.districtId, 'teacher', f.schools[4] ?? null),
      practice.id,
      artifact?.id ?? '',
    );
    expect(Buffer.from(read.content).equals(Buffer.from(PDF))).toBe(true);

    for (const [fileName, content, pattern] of [
      ['page.html', '<html><script>alert(1)</script></html>', /not a file type/],
      ['drawing.svg', '<svg/>', /not a file type/],
      ['fake.pdf', 'just text', /does not look like a \.pdf/],
      ['notes.txt', 'hello <script>x</script>', /markup/],
    ] as const) {
      await expect(
        uploadArtifact(handle.db, principal, practice.id, {
          fileName,
          contentBase64: b64(content),
        }),
      ).rejects.toThrow(pattern);
    }
    const big = new Uint8Array(MAX_ARTIFACT_BYTES + 1);
    big.set(PDF.subarray(0, 5));
    await expect(
      uploadArtifact(handle.db, principal, practice.id, {
        fileName: 'big.pdf',
        contentBase64: b64(big),
      }),
    ).rejects.toThrow(/5 MB/);
    // Another school's principal may not add files to this school's practice.
    await expect(
      uploadArtifact(
        handle.db,
        actorFor(f.districtId, 'principal', f.schools[1] ?? null),
        practice.id,
        {
          fileName: 'x.pdf',
          contentBase64: b64(PDF),
        },
      ),
    ).rejects.toMatchObject({ kind: 'forbidden' });
    const events = await listAuditEvents(handle.db, f.districtId, { subjectId: practice.id });
    expect(events.map((e) => e.action).sort()).toEqual([
      'practice.artifact.upload',
      'practice.create',
    ]);
  });

  it('tracks adoption over time and finds schools working on the same goal', async () => {
    const leader = actorFor(f.districtId, 'district_leader');
    const practice = await createPractice(handle.db, leader, {
      title: 'Math talks',
      description: 'Daily number talks.',
      schoolId: f.schools[3],
    });
    await setAdoption(
      handle.db,
      actorFor(f.districtId, 'principal', f.schools[1] ?? null),
      practice.id,
      {
        schoolId: f.schools[1],
        startedOn: '2025-09-03',
        status: 'adopting',
      },
    );
    await expect(
      setAdoption(
        handle.db,
        actorFor(f.districtId, 'principal', f.schools[1] ?? null),
        practice.id,
        {
          schoolId: f.schools[2],
          startedOn: '2025-09-03',
          status: 'adopting',
        },
      ),
    ).rejects.toMatchObject({ kind: 'forbidden' });
    await setAdoption(handle.db, leader, practice.id, {
      schoolId: f.schools[2],
      startedOn: '2025-11-20',
      status: 'in_use',
    });
    await setAdoption(handle.db, leader, practice.id, {
      schoolId: f.schools[4],
      startedOn: '2025-11-02',
      status: 'planned',
    });
    const detail = await getPractice(handle.db, leader, practice.id);
    expect(detail.timeline).toEqual([
      { month: '2025-09', schools: 1 },
      { month: '2025-11', schools: 3 },
    ]);
    expect(detail.adoptions.map((a) => a.schoolId)).toEqual([
      f.schools[1],
      f.schools[4],
      f.schools[2],
    ]);
    const listed = (await listPractices(handle.db, leader)).find((p) => p.id === practice.id);
    expect(listed?.adoptions).toEqual({ total: 3, inUse: 1 });
    const csv = await adoptionsCsv(handle.db, leader);
    expect(csv).toContain('Math talks');

    const goals = await createGoal(
      handle.db,
      actorFor(f.districtId, 'principal', f.schools[1] ?? null),
      {
        schoolId: f.schools[1],
        schoolYear: 2026,
        measureKey: 'math_proficiency',
        studentGroup: 'swd',
        statement: 'Students with disabilities proficient in math: 20% → 30%.',
      },
    );
    await createGoal(handle.db, leader, {
      schoolId: f.schools[5],
      schoolYear: 2026,
      measureKey: 'math_proficiency',
      studentGroup: 'swd',
      statement: 'Co-taught math in grades 3–5.',
    });
    const all = await createGoal(handle.db, leader, {
      schoolId: f.schools[4],
      schoolYear: 2026,
      measureKey: 'math_proficiency',
      studentGroup: 'all',
      statement: 'All students.',
    });
    expect(goals).toHaveLength(1);
    const swd = all.find((g) => g.studentGroup === 'swd');
    expect(swd?.schools.map((s) => s.schoolId).sort()).toEqual([f.schools[1], f.schools[5]].sort());
  });

  it('counts dropped adoptions out of the spread', () => {
    expect(
      adoptionTimeline([
        { startedOn: '2024-01-05', status: 'in_use' },
        { startedOn: '2024-01-09', status: 'dropped' },
        { startedOn: '2024-03-01', status: 'adopting' },
      ]),
    ).toEqual([
      { month: '2024-01', schools: 1 },
      { month: '2024-03', schools: 2 },
    ]);
  });
});
