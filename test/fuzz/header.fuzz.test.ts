/** Fuzzing the revision-file header reader: any text ends in a header or a clean RetortError. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readRevisionHeader } from '../../src/script/index.js';
import { attempt, RUNS, TIMEOUT } from './support.js';

const VALID = `/**
 * add todo table
 *
 * Revision ID: 1763942400
 * Revises: 1763856000
 * Create Date: 2026-11-24 00:00:00.000000
 */
import type { Operations } from 'retort';

export const revision = '1763942400';
export const downRevision: string | readonly string[] | null = '1763856000';
export const branchLabels: readonly string[] = [];
export const dependsOn: readonly string[] = [];

export async function upgrade(op: Operations): Promise<void> {
  await op.execute("SELECT '}' /* \` */");
}

export async function downgrade(op: Operations): Promise<void> {}
`;

const TOKENS = [
  '/**',
  '*/',
  '/*',
  '//',
  "'",
  '"',
  '`',
  '${',
  '}',
  '{',
  '(',
  ')',
  '[',
  ']',
  ',',
  ';',
  '\n',
  '\\',
  'export',
  'const',
  'let',
  'revision',
  'downRevision',
  'branchLabels',
  'dependsOn',
  '=',
  'null',
  'as const',
  'satisfies',
  ':',
  'string',
  'readonly',
  'function',
  'upgrade',
  'export *',
  'export {',
  'module.exports',
  '\u2028',
  '\uFEFF',
  '\0',
  'é',
  '😀',
  ' ',
];

/** Text made of the header's own tokens: mostly syntax the scanner must not choke on. */
const tokenText = fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((t) => t.join(''));

/** The valid file with a few edits (insert, delete, replace) at random places. */
const mutated = fc
  .array(
    fc.tuple(
      fc.nat({ max: VALID.length }),
      fc.nat({ max: 8 }),
      fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 4 })),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((edits) => {
    let text = VALID;
    for (const [at, del, ins] of edits) text = text.slice(0, at) + ins + text.slice(at + del);
    return text;
  });

/** Constants with random values: literals, lists, expressions, duplicates, wrong types. */
const value = fc.oneof(
  fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)),
  fc.string({ maxLength: 12 }).map((s) => `'${s}'`),
  fc
    .array(
      fc.string({ maxLength: 6 }).map((s) => JSON.stringify(s)),
      { maxLength: 3 },
    )
    .map((a) => `[${a.join(', ')}]`),
  fc.constantFrom(
    'null',
    'undefined',
    '42',
    'true',
    'ID',
    'f()',
    "'a' + 'b'",
    '`x$' + '{y}`', // a template literal with a placeholder
    "['a', ...b]",
    '{}',
    '[,]',
    "'a' as const",
  ),
);
const constants = fc
  .array(fc.tuple(fc.constantFrom('revision', 'downRevision', 'branchLabels', 'dependsOn', 'other'), value), {
    maxLength: 6,
  })
  .map((pairs) => `/**\n * msg\n */\n${pairs.map(([k, v]) => `export const ${k} = ${v};`).join('\n')}\n`);

function check(text: string): void {
  const r = attempt(() => readRevisionHeader(text, '/x/rev_file.ts'));
  if (r.ok) {
    const h = r.value;
    expect(h.revision === null || typeof h.revision === 'string').toBe(true);
    expect(Array.isArray(h.nonLiteral)).toBe(true);
  } else {
    expect(r.error.message).toContain('rev_file.ts');
  }
}

describe('header reader fuzz', () => {
  it(
    'arbitrary text',
    () => {
      fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), check), { numRuns: RUNS });
    },
    TIMEOUT,
  );
  it(
    'header-token soup',
    () => {
      fc.assert(fc.property(tokenText, check), { numRuns: RUNS });
    },
    TIMEOUT,
  );
  it(
    'a valid file with random edits',
    () => {
      fc.assert(fc.property(mutated, check), { numRuns: RUNS });
    },
    TIMEOUT,
  );
  it(
    'constants with random (missing, duplicate, non-literal) values',
    () => {
      fc.assert(fc.property(constants, check), { numRuns: RUNS });
    },
    TIMEOUT,
  );
  it('huge files are read in linear time', () => {
    const body = `${VALID}\n${"// filler line with a quote ' and a brace {\n".repeat(200_000)}`;
    const started = performance.now();
    const h = readRevisionHeader(body, '/x/huge.ts');
    expect(h.revision).toBe('1763942400');
    const unterminated = `${VALID}\nconst s = \`${'x'.repeat(5_000_000)}`;
    check(unterminated);
    check(`/**${'*'.repeat(5_000_000)}`);
    check('['.repeat(1_000_000));
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
