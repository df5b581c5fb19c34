/** Fuzzing database URLs: parse or a clean error; the password never appears in a message. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskUrl, parseDatabaseUrl } from '../../src/dialects/index.js';
import { attempt, RUNS, TIMEOUT } from './support.js';

const part = fc.string({ unit: fc.constantFrom(...'abz09@:/?#%&=+.-_[]! é'.split('')), maxLength: 10 });
const password = fc
  .string({ unit: fc.constantFrom(...'ABCXYZ0123@:/?#%'.split('')), minLength: 6, maxLength: 12 })
  .map((p) => `Pw${p}`);

const structured = fc
  .tuple(
    fc.constantFrom(
      'postgres',
      'postgresql',
      'postgresql+psycopg',
      'mysql',
      'mariadb',
      'mysql+pymysql',
      'sqlite',
      'pglite',
      'oracle',
      'PoStGrEs',
    ),
    fc.constantFrom('://', ':', ':///', ':////', '//'),
    part,
    password,
    fc.boolean(),
    part,
    fc.oneof(
      fc.constant(''),
      fc.integer({ min: -5, max: 99999 }).map((n) => `:${n}`),
      part.map((p) => `:${p}`),
    ),
    part,
    fc.oneof(
      fc.constant(''),
      part.map((p) => `?${p}`),
    ),
  )
  .map(([scheme, sep, user, pw, encode, host, port, db, query]) => ({
    url: `${scheme}${sep}${user}:${encode ? encodeURIComponent(pw) : pw}@${host}${port}/${db}${query}`,
    pw,
  }));

function whatwgPassword(url: string): string | null {
  try {
    const p = new URL(url).password;
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  } catch {
    return null;
  }
}

function check(url: string, pw: string | null): void {
  const r = attempt(() => parseDatabaseUrl(url));
  const masked = attempt(() => maskUrl(url));
  // Only where some URL parser would read `pw` as the password (`postgres:////:pw@h` has a
  // path, not a password).
  if (pw && (whatwgPassword(url) === pw || (r.ok && (r.value as { password?: string }).password === pw))) {
    if (!r.ok) expect(r.error.message).not.toContain(pw);
    if (masked.ok) expect(masked.value).not.toContain(pw);
    if (masked.ok) expect(masked.value).not.toContain(encodeURIComponent(pw));
  }
}

describe('database URL fuzz', () => {
  it(
    'arbitrary strings',
    () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 60 }), (s) => check(s, null)),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
  it(
    'URL-shaped strings with a password',
    () => {
      fc.assert(
        fc.property(structured, ({ url, pw }) => check(url, pw)),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
});
