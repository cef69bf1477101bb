// Process configuration, validated once at start-up (ENGINEERING.md "Schemas at the boundary").
import path from 'node:path';
import { z } from 'zod';
import { AppError } from './domain/shared/errors.ts';

const EnvSchema = z.object({
  PORT: z.coerce
    .number({ error: 'PORT must be a port number between 0 and 65535' })
    .int('PORT must be a whole number')
    .min(0, 'PORT must be a port number between 0 and 65535')
    .max(65535, 'PORT must be a port number between 0 and 65535')
    .default(3000),
  HOST: z.string().default('127.0.0.1'),
  TANDEM_DATA_DIR: z.string().min(1).default('var'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional(),
  TANDEM_SECURE_COOKIES: z.enum(['true', 'false']).optional(),
  TANDEM_LOG_REQUESTS: z.enum(['true', 'false']).default('true'),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Cookies marked Secure: on unless serving plain HTTP on localhost. */
  secureCookies: boolean;
  logRequests: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path.join('.') ?? 'environment';
    const message = issue?.message ?? 'invalid value';
    throw new AppError('config', message.startsWith(name) ? message : `${name}: ${message}`);
  }
  const e = parsed.data;
  const isLocal = e.HOST === '127.0.0.1' || e.HOST === 'localhost' || e.HOST === '::1';
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.TANDEM_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    secureCookies: e.TANDEM_SECURE_COOKIES ? e.TANDEM_SECURE_COOKIES === 'true' : !isLocal,
    logRequests: e.TANDEM_LOG_REQUESTS === 'true',
  };
}
