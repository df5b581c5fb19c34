import { describe, expect, it } from 'vitest';
import { readRevisionHeader } from '../../src/script/index.js';
import { RetortError } from '../../src/util/errors.js';

const read = (text: string) => readRevisionHeader(text, '/m/1000_x.ts');

const TEMPLATE_SHAPE = `/**
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
  // ...
}

export async function downgrade(op: Operations): Promise<void> {
  // ...
}
`;

describe('readRevisionHeader', () => {
  it('reads the SPEC §2 shape', () => {
    const h = read(TEMPLATE_SHAPE);
    expect(h.revision).toBe('1763942400');
    expect(h.downRevision).toBe('1763856000');
    expect(h.branchLabels).toEqual([]);
    expect(h.dependsOn).toEqual([]);
    expect(h.nonLiteral).toEqual([]);
    expect(h.hasUpgrade).toBe(true);
    expect(h.doc).toBe('add todo table');
    expect(h.longDoc).toBe(
      'add todo table\n\nRevision ID: 1763942400\nRevises: 1763856000\nCreate Date: 2026-11-24 00:00:00.000000',
    );
  });

  it('reads CRLF files and a leading byte order mark', () => {
    const h = read(`\uFEFF${TEMPLATE_SHAPE.replaceAll('\n', '\r\n')}`);
    expect(h).toMatchObject({
      revision: '1763942400',
      downRevision: '1763856000',
      branchLabels: [],
      dependsOn: [],
    });
    expect(h.longDoc).toBe(read(TEMPLATE_SHAPE).longDoc);
    expect(h.nonLiteral).toEqual([]);
  });

  it('keeps the trailing space of an empty "Revises: " line inside the doc', () => {
    const h = read(
      '/**\n * init\n *\n * Revision ID: 1\n * Revises: \n * Create Date: x\n */\nexport const revision = "1";',
    );
    expect(h.longDoc).toBe('init\n\nRevision ID: 1\nRevises: \nCreate Date: x');
  });

  it.each([
    [`export const revision = 'a1';`, 'a1'],
    [`export const revision = "a1";`, 'a1'],
    ['export const revision = `a1`;', 'a1'],
    [`export const revision: string = 'a1'`, 'a1'],
    [`export const revision = 'a1' as const;`, 'a1'],
    [`export let revision = /* why */ 'a1' // trailing\n`, 'a1'],
    [`export const revision = 'a\\'1';`, "a'1"],
    [`export const revision = "\\u0061\\x31";`, 'a1'],
    [`export const revision = 'a1' satisfies string;`, 'a1'],
  ])('string forms: %s', (src, expected) => {
    const h = read(src);
    expect(h.revision).toBe(expected);
    expect(h.nonLiteral).toEqual([]);
  });

  it.each([
    [`export const downRevision = null;`, null],
    [`export const downRevision = 'a';`, 'a'],
    [`export const downRevision = ['a', "b", \`c\`,];`, ['a', 'b', 'c']],
    [
      `export const downRevision: readonly string[] = [\n  'a', // first\n  'b', /* second */\n] as const;`,
      ['a', 'b'],
    ],
    [
      `export const downRevision: string | readonly string[] | null = ['a', 'b'] as readonly string[];`,
      ['a', 'b'],
    ],
    [`export const downRevision: string | null = undefined;`, undefined],
    [`export const downRevision: Array<string> = [];`, []],
    [`export const downRevision: (string)[] | null = null`, null],
  ])('down revision forms: %s', (src, expected) => {
    const h = read(`export const revision = 'x';\n${src}\n`);
    expect(h.downRevision).toEqual(expected);
    expect(h.nonLiteral).toEqual([]);
  });

  it('reports absent constants as undefined', () => {
    const h = read(`export const revision = 'x';`);
    expect(h.downRevision).toBeUndefined();
    expect(h.branchLabels).toBeUndefined();
    expect(h.dependsOn).toBeUndefined();
    expect(h.nonLiteral).toEqual([]);
  });

  it('reads several declarators in one statement', () => {
    const h = read(`export const revision = 'x', downRevision = null, dependsOn = ['y'];`);
    expect(h).toMatchObject({ revision: 'x', downRevision: null, dependsOn: ['y'] });
  });

  it.each([
    [`export const revision = base + '1';`, ['revision']],
    ['export const revision = `a$' + '{1}`;', ['revision']],
    [`export const revision = 'x';\nexport const downRevision = ['a', other];`, ['downRevision']],
    [`export const revision = 'x';\nexport const dependsOn = compute();`, ['dependsOn']],
    [`export const revision = 'x'.trim();`, ['revision']],
    [`const revision = 'x';\nexport { revision };`, ['*']],
    [`export * from './shared.js';`, ['*']],
    [`exports.revision = 'x';`, ['*']],
    [`module.exports = { revision: 'x' };`, ['*']],
  ])('flags values that are not literals: %s', (src, expected) => {
    expect(read(src).nonLiteral).toEqual(expected);
  });

  it('ignores look-alikes in comments, strings, templates and function bodies', () => {
    const src = `/** doc */
// export const revision = 'commented';
/* export const revision = 'block'; */
const s = "export const revision = 'string'";
const t = \`export const revision = \${'tpl'}\`;
const r = /export const revision = '/;
function f() { const revision = 'inner'; return { revision }; }
export const revision = 'real';
export async function upgrade(op) { const re = /['"]/g; await op.execute("select '}'"); }
`;
    const h = read(src);
    expect(h.revision).toBe('real');
    expect(h.nonLiteral).toEqual([]);
    expect(h.hasUpgrade).toBe(true);
    expect(h.doc).toBe('doc');
  });

  it('reads a doc comment after a shebang and line comments, and a multi-line first paragraph', () => {
    const h = read(
      '#!/usr/bin/env node\n// @ts-nocheck\n/**\n * first\n * second\n *\n * more\n */\nexport const revision = "x"',
    );
    expect(h.doc).toBe('first\nsecond');
    expect(h.longDoc).toBe('first\nsecond\n\nmore');
  });

  it('has an empty doc when the file has no leading doc comment', () => {
    const h = read(`import x from 'y';\n/** late */\nexport const revision = 'x';`);
    expect(h.longDoc).toBe('');
    expect(h.doc).toBe('');
  });

  it('returns no revision for a helper module', () => {
    const h = read(`export function helper() { return 1; }`);
    expect(h.revision).toBeNull();
    expect(h.hasUpgrade).toBe(false);
    expect(h.nonLiteral).toEqual([]);
  });

  it('notices upgrade declared as a constant', () => {
    expect(read(`export const upgrade = async () => {};`).hasUpgrade).toBe(true);
  });

  describe('hostile input', () => {
    const expectQuickError = (text: string, pattern: RegExp) => {
      const start = performance.now();
      let error: unknown;
      try {
        read(text);
      } catch (err) {
        error = err;
      }
      expect(performance.now() - start).toBeLessThan(1000);
      expect(error).toBeInstanceOf(RetortError);
      expect((error as Error).message).toContain('/m/1000_x.ts');
      expect((error as Error).message).toMatch(pattern);
    };

    it('unterminated doc comment', () =>
      expectQuickError('/** never closed\n'.repeat(1000), /unterminated comment/));
    it('unterminated comment in the code', () =>
      expectQuickError(
        `export const revision = 'x';\n/* open ${'x'.repeat(100_000)}`,
        /unterminated comment at line 2/,
      ));
    it('unterminated string', () =>
      expectQuickError(`export const revision = 'abc\n`, /unterminated string/));
    it('unterminated template literal', () => expectQuickError('const a = `${`', /unterminated template/));
    it('binary junk', () => {
      const bytes = Buffer.alloc(200_000);
      for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 256;
      expectQuickError(bytes.toString('latin1'), /not a text file/);
    });
    it('5 MB of unterminated comment', () =>
      expectQuickError(`/* ${'a'.repeat(5 * 1024 * 1024)}`, /unterminated comment/));
    it('twice-declared constant', () =>
      expectQuickError(`export const revision = 'a';\nexport const revision = 'b';`, /declared twice/));

    it('a 5 MB valid file reads quickly', () => {
      const body = `  await op.execute("insert into t values (1, 'x')");\n`.repeat(100_000);
      const text = `/** big */\nexport const revision = 'big';\nexport const downRevision = null;\nexport async function upgrade(op) {\n${body}}\nexport const dependsOn = 'late';\n`;
      expect(text.length).toBeGreaterThan(5_000_000);
      const start = performance.now();
      const h = read(text);
      expect(performance.now() - start).toBeLessThan(1000);
      expect(h).toMatchObject({ revision: 'big', downRevision: null, dependsOn: 'late', doc: 'big' });
    });

    it('deep nesting does not overflow the stack', () => {
      const text = `export const revision = 'x';\nconst a = ${'['.repeat(200_000)}${']'.repeat(200_000)};`;
      expect(read(text).revision).toBe('x');
    });

    it('random text never throws anything but RetortError', () => {
      const alphabet = `'"\`/*\\{}[]()\n export const revision = downRevision ;,$`;
      let seed = 42;
      const rand = () => {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        return seed;
      };
      for (let n = 0; n < 2000; n++) {
        let text = '';
        const len = rand() % 80;
        for (let i = 0; i < len; i++) text += alphabet[rand() % alphabet.length];
        try {
          read(text);
        } catch (err) {
          expect(err).toBeInstanceOf(RetortError);
        }
      }
    });
  });
});

describe('template fast path', () => {
  it('agrees with the general scanner on every file the templates write', async () => {
    const { ScriptDirectory } = await import('../../src/script/index.js');
    const { templateHeader, scanHeader } = await import('../../src/script/header-reader.js');
    const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'retort-fast-'));
    try {
      const texts: string[] = [];
      for (const databases of [[], ['default', 'auth']]) {
        const sd = new ScriptDirectory({ scriptLocation: join(dir, String(databases.length)), databases });
        await sd.mkdir();
        const a = await sd.generateRevision('a1', 'first\n\nlong text with "quotes" */ and * stars', {
          branchLabels: ['default', 'x y'],
          imports: ["import { sql } from 'kysely';", "import * as t from './types.js';"],
        });
        const b = await sd.generateRevision('b2', '', { head: 'base', dependsOn: ['a1', 'default'] });
        const c = await sd.generateRevision('c3', 'merge', { head: ['a1', 'b2'] });
        for (const s of [a, b, c]) texts.push(readFileSync(s.path, 'utf8'));
      }
      expect(texts).toHaveLength(6);
      for (const text of texts) {
        const fast = templateHeader(text);
        expect(fast).not.toBeNull();
        expect(fast).toEqual(scanHeader(text, 'x.ts'));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves anything else to the scanner', async () => {
    const { templateHeader } = await import('../../src/script/header-reader.js');
    expect(templateHeader(TEMPLATE_SHAPE.replace("'1763942400';", "'17639' + '42400';"))).toBeNull();
    expect(templateHeader(TEMPLATE_SHAPE.replace(' * add todo table', ' * add */ todo'))).toBeNull();
    expect(templateHeader(TEMPLATE_SHAPE.replaceAll('\n', '\r\n'))).toBeNull();
    expect(read(TEMPLATE_SHAPE.replace("'1763942400';", "'17639' + '42400';")).nonLiteral).toEqual([
      'revision',
    ]);
  });
});
