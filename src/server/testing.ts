// Helpers for API tests: an app on a fresh test database, and a signed-in client that carries
// the session cookie and CSRF token the way a browser does.
import type { Config } from '../config.ts';
import { createTestDb } from '../db/testing.ts';
import type { DbHandle } from '../db/connection.ts';
import { createUser, resetSignInLimits } from '../services/auth.ts';
import { changePasswordForTest } from './testing-password.ts';
import { createApp } from './app.ts';

export const TEST_CONFIG: Config = {
  port: 0,
  host: '127.0.0.1',
  dataDir: '/nonexistent',
  databaseUrl: undefined,
  secureCookies: false,
  logRequests: false,
};

export async function createTestApp() {
  const handle: DbHandle = await createTestDb();
  resetSignInLimits();
  const app = createApp({ db: handle.db, config: TEST_CONFIG });
  return { app, handle, db: handle.db };
}

type App = ReturnType<typeof createApp>;

export class TestClient {
  cookie = '';
  csrfToken = '';

  constructor(private readonly app: App) {}

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const res = await this.app.request(path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrfToken && method !== 'GET' ? { 'x-csrf-token': this.csrfToken } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0] ?? '';
    return res;
  }

  async signIn(username: string, password: string) {
    const res = await this.request('POST', '/api/session', { username, password });
    if (res.status === 200) {
      const session = (await res.clone().json()) as { csrfToken: string };
      this.csrfToken = session.csrfToken;
    }
    return res;
  }
}

/** Creates a user with a known password and returns a client signed in as them. */
export async function signedInClient(
  app: App,
  handle: DbHandle,
  user: Parameters<typeof createUser>[1],
): Promise<TestClient> {
  const { userId } = await createUser(handle.db, user);
  const password = 'correct horse battery staple';
  await changePasswordForTest(handle.db, userId, password);
  const client = new TestClient(app);
  const res = await client.signIn(String(user.username), password);
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status}`);
  return client;
}
