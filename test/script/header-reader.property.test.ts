import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readRevisionHeader } from '../../src/script/index.js';

const idChars = fc.constantFrom(...'abcdef0123456789_xyzé'.split(''));
const id = fc.array(idChars, { minLength: 1, maxLength: 14 }).map((cs) => cs.join(''));
const value = fc.oneof(fc.constant(null), fc.constant(undefined), id, fc.array(id, { maxLength: 4 }));
const quote = fc.constantFrom("'", '"', '`');
const gap = fc.constantFrom(' ', '', '\n  ', ' /* c */ ', ' // c\n');

function lit(v: string, q: string): string {
  return `${q}${v}${q}`;
}

function render(
  v: string | string[] | null | undefined,
  q: string,
  g: string,
  trailingComma: boolean,
): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return lit(v, q);
  return `[${g}${v.map((x) => lit(x, q)).join(`,${g}`)}${trailingComma && v.length > 0 ? ',' : ''}${g}]`;
}

const annotation = fc.constantFrom(
  '',
  ': string | readonly string[] | null',
  ': readonly string[]',
  ': Array<string> | null',
);
const tail = fc.constantFrom('', ' as const', ' as readonly string[]', ' satisfies unknown');
const end = fc.constantFrom(';', '\n', ';\n');

describe('readRevisionHeader (property)', () => {
  it('reads back whatever literal forms declared the constants', () => {
    fc.assert(
      fc.property(
        id,
        fc.record({ downRevision: value, branchLabels: value, dependsOn: value }),
        fc.array(fc.tuple(quote, gap, annotation, tail, end, fc.boolean()), { minLength: 4, maxLength: 4 }),
        fc.shuffledSubarray(['downRevision', 'branchLabels', 'dependsOn'] as const),
        fc.string({ maxLength: 30 }).filter((m) => !m.includes('*/') && !m.includes('\n') && m.trim() === m),
        (revision, values, styles, present, message) => {
          const lines = [`/**\n * ${message}\n */`, "import type { Operations } from 'retort';"];
          const [q, g, a, t, e] = styles[0];
          lines.push(
            `export const revision${a.startsWith(': string') ? ': string' : ''} = ${lit(revision, q)}${t}${e}`,
          );
          present.forEach((name, i) => {
            const [q2, g2, a2, t2, e2, comma] = styles[i + 1];
            lines.push(`export const ${name}${a2} =${g2}${render(values[name], q2, g2, comma)}${t2}${e2}`);
          });
          lines.push('export async function upgrade(op: Operations) { await op.execute("}{\'`"); }');
          const text = lines.join('\n');
          const h = readRevisionHeader(text, 'x.ts');
          expect(h.nonLiteral).toEqual([]);
          expect(h.revision).toBe(revision);
          expect(h.doc).toBe(message.trim());
          for (const name of ['downRevision', 'branchLabels', 'dependsOn'] as const) {
            expect(h[name]).toEqual(present.includes(name) ? values[name] : undefined);
          }
          expect(h.hasUpgrade).toBe(true);
          void g;
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 500) },
    );
  });
});

describe('template fast path (property)', () => {
  it('gives exactly what the general scanner gives', async () => {
    const { scanHeader, templateHeader } = await import('../../src/script/header-reader.js');
    const q = (v: string) => `'${v}'`;
    const list = (v: string[]) => `[${v.map(q).join(', ')}]`;
    fc.assert(
      fc.property(
        id,
        fc.oneof(fc.constant(null), id, fc.array(id, { minLength: 2, maxLength: 3 })),
        fc.array(id, { maxLength: 3 }),
        fc.array(id, { maxLength: 3 }),
        fc.array(
          fc.string({ maxLength: 20 }).filter((l) => !l.includes('\n') && !l.includes('\r')),
          { maxLength: 4 },
        ),
        fc.boolean(),
        (rev, down, labels, deps, docLines, extraImport) => {
          const doc = docLines.map((l) => (l === '' ? ' *' : ` * ${l}`)).join('\n');
          const text = `/**\n${doc}${doc ? '\n' : ''} */\nimport type { Operations } from 'retort';\n${
            extraImport ? "import { sql } from 'kysely';\n" : ''
          }\nexport const revision = ${q(rev)};\nexport const downRevision: string | readonly string[] | null = ${
            down === null ? 'null' : typeof down === 'string' ? q(down) : list(down)
          };\nexport const branchLabels: readonly string[] = ${list(labels)};\nexport const dependsOn: readonly string[] = ${list(
            deps,
          )};\n\nexport async function upgrade(op: Operations): Promise<void> {\n}\n`;
          let slow: unknown;
          try {
            slow = scanHeader(text, 'x.ts');
          } catch {
            // a doc line holding `*/` ends the comment early: the scanner may reject the rest
            expect(docLines.some((l) => l.includes('*/'))).toBe(true);
            return;
          }
          const fast = templateHeader(text);
          if (fast !== null) expect(fast).toEqual(slow);
          else expect(docLines.some((l) => l.includes('*/'))).toBe(true);
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 500) },
    );
  });
});
