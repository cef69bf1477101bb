// A mapping's regular expressions (file-name patterns, `matches` conditions, school-id patterns,
// the year in a file name) are written by users and run on files other users upload: every cell
// of a column, and cells may be 10 MB. JavaScript's own engine backtracks, so a pattern such as
// `^(a+)+$` took 15 s on a 29-character cell here, and even an innocent `.*a.*b` is quadratic in
// a cell's length. They run on RE2 instead (re2js, a port of Go's regexp and RE2/J), whose time is
// linear in the text whatever the pattern: the same `^(a+)+$` on 100,000 characters in 2 ms,
// `.*a.*b` on 10 MB in 32 ms. RE2's syntax is the one Google Sheets' REGEXMATCH takes; it has no
// look-arounds or back-references, the features that need backtracking
// (docs/decisions/005-imports.md, "Patterns run on RE2").
import { RE2JS, RE2JSException } from 're2js';

/** Why the pattern cannot be run, or null if it can. */
export function patternError(source: string): string | null {
  try {
    RE2JS.compile(source);
    return null;
  } catch (error) {
    // A syntax error ("error parsing regexp: missing closing ): `(a`"), or a pattern too large
    // to compile (a repeat over 1,000).
    if (!(error instanceof RE2JSException)) throw error;
    const reason = error.message.replace(/^error parsing regexp:\s*/, '');
    return `is not a pattern Tandem can run (${reason}); patterns use RE2 syntax, as Google Sheets' REGEXMATCH does, which has no look-arounds or back-references`;
  }
}

// Compiled once per pattern rather than for every row (this runs for every cell a condition
// reads), one cache per case mode; a long-running server sees many mappings.
const caches = { exact: new Map<string, RE2JS>(), ignoringCase: new Map<string, RE2JS>() };
const MAX_CACHED = 1000;

function compiled(source: string, ignoreCase: boolean): RE2JS {
  const cache = ignoreCase ? caches.ignoringCase : caches.exact;
  let re = cache.get(source);
  if (!re) {
    if (cache.size >= MAX_CACHED) cache.clear();
    re = RE2JS.compile(source, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
    cache.set(source, re);
  }
  return re;
}

/** Whether the pattern matches anywhere in the text (as RegExp.prototype.test). */
export function patternFinds(
  source: string,
  text: string,
  options: { ignoreCase?: boolean } = {},
): boolean {
  return compiled(source, options.ignoreCase ?? false).test(text);
}

/** The first capture group of the pattern's first match in the text, or null. */
export function patternGroup(source: string, text: string): string | null {
  const m = compiled(source, false).matcher(text);
  return m.find() ? m.group(1) : null;
}
