// Where to go after signing in: only a path inside this app, never another site.
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return '/';
  }
  if (next.startsWith('/signin') || next.startsWith('/password')) return '/';
  return next;
}

/** The sign-in (or password) address that comes back to `path` afterwards. */
export function pathWithNext(page: '/signin' | '/password', path: string): string {
  const next = safeNextPath(path);
  return next === '/' ? page : `${page}?next=${encodeURIComponent(next)}`;
}
