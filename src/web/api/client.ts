// The one way the web app talks to the API: JSON in and out, the session's CSRF token on every
// mutation, and every failure turned into an ApiError that carries the problem's `detail`.
import type { Problem } from './types.ts';

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
  }

  /** The message a field problem gives for `field`, if the server named that field. */
  fieldMessage(field: string): string | undefined {
    return this.problem.problems?.find((p) => p.field === field)?.message;
  }
}

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** Remembers the signed-in session's CSRF token (null after signing out). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when a signed-in request comes back 401: the session ended on the server. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

function isProblem(value: unknown): value is Problem {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<string, unknown>).detail === 'string' &&
    typeof (value as Record<string, unknown>).status === 'number'
  );
}

async function toApiError(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => null);
  if (isProblem(body)) return new ApiError(body);
  return new ApiError({
    type: 'about:blank',
    title: response.statusText || 'Error',
    status: response.status,
    detail: `The server could not answer (HTTP ${response.status}). Try again in a moment.`,
  });
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  /** Sign-in and the session check expect 401 and handle it themselves. */
  expectUnauthorized?: boolean;
}

async function request(path: string, options: RequestOptions = {}): Promise<Response> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') {
    headers['content-type'] = 'application/json';
    if (csrfToken) headers['x-csrf-token'] = csrfToken;
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError({
      type: 'about:blank',
      title: 'No connection',
      status: 0,
      detail: 'Tandem could not be reached. Check your connection and try again.',
    });
  }
  if (!response.ok) {
    const error = await toApiError(response);
    if (response.status === 401 && !options.expectUnauthorized) onUnauthorized?.();
    throw error;
  }
  return response;
}

export async function apiGet<T>(
  path: string,
  options: Pick<RequestOptions, 'signal' | 'expectUnauthorized'> = {},
): Promise<T> {
  const response = await request(path, options);
  return (await response.json()) as T;
}

/** A mutation; resolves to the JSON body, or undefined for 204 No Content. */
export async function apiSend<T = undefined>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  options: Pick<RequestOptions, 'expectUnauthorized'> = {},
): Promise<T> {
  const response = await request(path, { method, body, ...options });
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
