// RFC 9457 problem+json responses: the one shape every API error takes.
import type { Context } from 'hono';
import { ZodError } from 'zod';
import { AppError, isAppError, type FieldProblem } from '../domain/shared/errors.ts';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  problems?: FieldProblem[];
}

export function problemResponse(c: Context, error: AppError): Response {
  const body: Problem = {
    type: `https://tandem.local/problems/${error.kind}`,
    title: error.title,
    status: error.status,
    detail: error.message,
    instance: c.req.path,
    ...(error.problems.length > 0 ? { problems: error.problems } : {}),
  };
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  if (error.retryAfterSeconds) headers['retry-after'] = String(error.retryAfterSeconds);
  return new Response(JSON.stringify(body), { status: error.status, headers });
}

/** A Zod failure on a request, as a 400 that names every field at fault. */
export function validationError(error: ZodError, where: string): AppError {
  const problems = error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join('.') : where,
    message: issue.message,
  }));
  const first = problems[0];
  return new AppError(
    'bad_request',
    first ? `${first.field}: ${first.message}` : `The ${where} is not valid.`,
    { problems },
  );
}

export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  if (error instanceof ZodError) return validationError(error, 'request');
  return new AppError('internal', 'An unexpected error occurred. It has been logged.');
}
