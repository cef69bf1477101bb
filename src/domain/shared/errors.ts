// One error vocabulary for the whole product (ENGINEERING.md "One error vocabulary"): services
// throw AppError; the HTTP layer maps it to RFC 9457 problem+json, the CLI to one line and an
// exit code. Anything else is a bug and is reported as an internal error without details.
export type AppErrorKind =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'config'
  | 'internal';

export interface FieldProblem {
  /** Where: a request field path, or file/row/column for imports. */
  field: string;
  message: string;
}

const STATUS: Record<AppErrorKind, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  config: 500,
  internal: 500,
};

const TITLE: Record<AppErrorKind, string> = {
  bad_request: 'The request is not valid',
  unauthorized: 'Sign-in required',
  forbidden: 'Not allowed',
  not_found: 'Not found',
  conflict: 'Conflict',
  rate_limited: 'Too many attempts',
  config: 'Configuration problem',
  internal: 'Something went wrong',
};

export class AppError extends Error {
  readonly kind: AppErrorKind;
  readonly problems: FieldProblem[];
  readonly retryAfterSeconds: number | undefined;

  constructor(
    kind: AppErrorKind,
    message: string,
    options: { problems?: FieldProblem[]; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.kind = kind;
    this.problems = options.problems ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get status(): number {
    return STATUS[this.kind];
  }

  get title(): string {
    return TITLE[this.kind];
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} was not found.`);
export const forbidden = (why = 'Your role does not give access to this.') =>
  new AppError('forbidden', why);
export const badRequest = (message: string, problems: FieldProblem[] = []) =>
  new AppError('bad_request', message, { problems });

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
