// Starts the real Tandem server once for the browser tests: a fresh temporary data folder, so
// the first start loads the demo district and prints a one-time password, which we capture.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../../src/config.ts';
import { listDistricts } from '../../../src/db/queries/schools.ts';
import { startServer, type RunningServer } from '../../../src/server/serve.ts';
import { createUser } from '../../../src/services/auth.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    oneTimePassword: string;
    username: string;
    /** A principal of Abbotts Creek Elementary (920303), with a one-time password. */
    principal: { username: string; password: string; schoolId: string };
    /** A second district leader with a one-time password, for test files of their own. */
    leader: { username: string; password: string };
    /** An analyst with a one-time password, for test/e2e/exports.test.ts. */
    exporter: { username: string; password: string };
    /** An analyst with a one-time password, for test/e2e/imports.test.ts. */
    importer: { username: string; password: string };
    /** An HR user with a one-time password, for test/e2e/incentives-allocation.test.ts. */
    hrUser: { username: string; password: string };
    /** An analyst with a one-time password, for test/e2e/equity.test.ts. */
    equityAnalyst: { username: string; password: string };
  }
}

let server: RunningServer | undefined;
let dataDir: string | undefined;

export async function setup(project: TestProject) {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-e2e-'));
  const config = loadConfig({
    ...process.env,
    TANDEM_DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    TANDEM_LOG_REQUESTS: 'false',
  });
  const lines: string[] = [];
  server = await startServer(config, {
    buildIfNeeded: true,
    log: (line) => lines.push(line),
  });
  const username = lines.map((l) => /username:\s*(\S+)/.exec(l)?.[1]).find(Boolean);
  const password = lines.map((l) => /password:\s*(\S+)/.exec(l)?.[1]).find(Boolean);
  if (!username || !password) {
    throw new Error(`The server did not print a one-time password:\n${lines.join('\n')}`);
  }
  const [district] = await listDistricts(server.handle.db);
  if (!district) throw new Error('The demo district did not load');
  const principal = { username: 'pat.principal', schoolId: '920303' };
  const created = await createUser(server.handle.db, {
    districtId: district.id,
    username: principal.username,
    displayName: 'Pat Principal',
    role: 'principal',
    schoolIds: [principal.schoolId],
  });
  project.provide('principal', { ...principal, password: created.password });
  const leader = await createUser(server.handle.db, {
    districtId: district.id,
    username: 'dana.leader',
    displayName: 'Dana Leader',
    role: 'district_leader',
    schoolIds: [],
  });
  project.provide('leader', { username: 'dana.leader', password: leader.password });
  const exporter = await createUser(server.handle.db, {
    districtId: district.id,
    username: 'eli.exporter',
    displayName: 'Eli Exporter',
    role: 'analyst',
    schoolIds: [],
  });
  project.provide('exporter', { username: 'eli.exporter', password: exporter.password });
  const importer = await createUser(server.handle.db, {
    districtId: district.id,
    username: 'ida.importer',
    displayName: 'Ida Importer',
    role: 'analyst',
    schoolIds: [],
  });
  project.provide('importer', { username: 'ida.importer', password: importer.password });
  const hrUser = await createUser(server.handle.db, {
    districtId: district.id,
    username: 'hana.hr',
    displayName: 'Hana HR',
    role: 'hr',
    schoolIds: [],
  });
  project.provide('hrUser', { username: 'hana.hr', password: hrUser.password });
  const equityAnalyst = await createUser(server.handle.db, {
    districtId: district.id,
    username: 'eva.equity',
    displayName: 'Eva Equity',
    role: 'analyst',
    schoolIds: [],
  });
  project.provide('equityAnalyst', { username: 'eva.equity', password: equityAnalyst.password });
  project.provide('baseUrl', server.url);
  project.provide('username', username);
  project.provide('oneTimePassword', password);
}

export async function teardown() {
  await server?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}
