import { describe, expect, it } from 'vitest';
import { pathWithNext, safeNextPath } from './next-path.ts';

describe('safeNextPath', () => {
  it('keeps a path inside the app', () => {
    expect(safeNextPath('/schools/920302?x=1')).toBe('/schools/920302?x=1');
  });

  it('refuses other sites and odd values', () => {
    for (const bad of [null, undefined, '', 'https://evil.example', '//evil.example', '/\\evil']) {
      expect(safeNextPath(bad)).toBe('/');
    }
  });

  it('does not loop back to the sign-in or password pages', () => {
    expect(safeNextPath('/signin?next=/')).toBe('/');
    expect(safeNextPath('/password')).toBe('/');
  });
});

describe('pathWithNext', () => {
  it('adds the return path only when it is not the home page', () => {
    expect(pathWithNext('/signin', '/')).toBe('/signin');
    expect(pathWithNext('/signin', '/schools/1')).toBe('/signin?next=%2Fschools%2F1');
  });
});
