// What every request carries through the Hono app.
import type { Db } from '../db/connection.ts';
import type { SessionState } from '../services/auth.ts';
import type { Config } from '../config.ts';

export interface AppEnv {
  Variables: {
    db: Db;
    config: Config;
    session: SessionState | null;
    requestId: string;
  };
}
