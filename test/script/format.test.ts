import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ScriptDirectory } from '../../src/script/index.js';
import type { Script } from '../../src/script/index.js';
import { tempDir, writeRevision } from './helpers.js';

/** What the CLI prints: each cmdFormat result followed by a newline (Python's print). */
const printed = (texts: string[]) => texts.map((t) => `${t}\n`).join('');
const line = (s: Script) => s.cmdFormat({ includeBranches: true, includeDoc: true, includeParents: true });
// Flask-Alembic prints heads, current and log alike (tree indicators included).
const headLine = line;

function transcriptProject(stage: number) {
  const dir = tempDir();
  writeRevision(dir, '1795477442_init.ts', {
    rev: '1795477442',
    labels: ['default'],
    message: 'init',
    createDate: '2026-11-23 23:44:02.928609',
  });
  writeRevision(dir, '1795477451_add_email.ts', {
    rev: '1795477451',
    down: '1795477442',
    message: 'add email',
    createDate: '2026-11-23 23:44:11.699880',
  });
  if (stage >= 2) {
    writeRevision(dir, '1795477459_x.ts', {
      rev: '1795477459',
      labels: ['users'],
      message: 'x',
      createDate: '2026-11-23 23:44:19.945280',
    });
  }
  if (stage >= 3) {
    writeRevision(dir, '1795477466_merge_heads.ts', {
      rev: '1795477466',
      down: ['1795477451', '1795477459'],
      message: 'merge heads',
      createDate: '2026-11-23 23:44:26.447211',
    });
  }
  return { dir, script: new ScriptDirectory({ scriptLocation: dir }) };
}

describe('output formats against the Flask-Alembic transcript', () => {
  it('one revision: heads, current, heads -v', () => {
    const dir = tempDir();
    writeRevision(dir, '1795477442_init.ts', { rev: '1795477442', labels: ['default'], message: 'init' });
    const script = new ScriptDirectory({ scriptLocation: dir });
    const [head] = script.getRevisions(script.getHeads());
    expect(printed([headLine(head)])).toBe('<base> -> 1795477442 (default) (head), init\n');
    expect(printed([head.cmdFormat({ verbose: true })])).toBe(
      `Rev: 1795477442 (head)
Parent: <base>
Branch names: default
Path: ${dir}/1795477442_init.ts

    init
    
    Revision ID: 1795477442
    Revises: 
    Create Date: 2026-11-23 23:44:02.928609

`,
    );
  });

  it('log and log -v on a line of two', () => {
    const { dir, script } = transcriptProject(1);
    const revs = script.walkRevisions();
    expect(printed(revs.map(line))).toBe(
      '1795477442 -> 1795477451 (default) (head), add email\n<base> -> 1795477442 (default), init\n',
    );
    expect(printed(revs.map((s) => s.cmdFormat({ verbose: true })))).toBe(
      `Rev: 1795477451 (head)
Parent: 1795477442
Branch names: default
Path: ${dir}/1795477451_add_email.ts

    add email
    
    Revision ID: 1795477451
    Revises: 1795477442
    Create Date: 2026-11-23 23:44:11.699880

Rev: 1795477442
Parent: <base>
Branch names: default
Path: ${dir}/1795477442_init.ts

    init
    
    Revision ID: 1795477442
    Revises: 
    Create Date: 2026-11-23 23:44:02.928609

`,
    );
  });

  it('two independent branches: heads and log', () => {
    const { script } = transcriptProject(2);
    expect(printed(script.getRevisions(script.getHeads()).map(headLine))).toBe(
      '1795477442 -> 1795477451 (default) (head), add email\n<base> -> 1795477459 (users) (head), x\n',
    );
    expect(printed(script.walkRevisions().map(line))).toBe(
      '1795477442 -> 1795477451 (default) (head), add email\n<base> -> 1795477442 (default), init\n<base> -> 1795477459 (users) (head), x\n',
    );
  });

  it('merge: heads, log, show heads', () => {
    const { dir, script } = transcriptProject(3);
    const [head] = script.getRevisions('heads');
    const labels = [...head.branchLabels].join(', ');
    expect(['default, users', 'users, default']).toContain(labels);
    expect(printed([headLine(head)])).toBe(
      `1795477451, 1795477459 -> 1795477466 (${labels}) (head) (mergepoint), merge heads\n`,
    );
    expect(printed(script.walkRevisions().map(line))).toBe(
      `1795477451, 1795477459 -> 1795477466 (${labels}) (head) (mergepoint), merge heads
1795477442 -> 1795477451 (default), add email
<base> -> 1795477442 (default), init
<base> -> 1795477459 (users), x
`,
    );
    expect(printed([head.logEntry()])).toBe(
      `Rev: 1795477466 (head) (mergepoint)
Merges: 1795477451, 1795477459
Branch names: ${labels}
Path: ${dir}/1795477466_merge_heads.ts

    merge heads
    
    Revision ID: 1795477466
    Revises: 1795477451, 1795477459
    Create Date: 2026-11-23 23:44:26.447211

`,
    );
  });

  it('current marker, effective head, branch point, dependencies', () => {
    const dir = tempDir();
    writeRevision(dir, 'a.ts', { rev: 'a', message: 'A' });
    writeRevision(dir, 'b.ts', { rev: 'b', down: 'a', message: 'B' });
    writeRevision(dir, 'c.ts', { rev: 'c', down: 'a', message: 'C' });
    writeRevision(dir, 'd.ts', { rev: 'd', message: 'D' });
    writeRevision(dir, 'e.ts', { rev: 'e', down: 'b', deps: ['d'], message: 'E' });
    const script = new ScriptDirectory({ scriptLocation: dir });
    const get = (id: string) => script.getRevision(id)!;
    expect(get('a').cmdFormat({ includeParents: true, includeDoc: true })).toBe(
      '<base> -> a (branchpoint), A',
    );
    expect(get('a').cmdFormat({ includeDoc: true, treeIndicators: false })).toBe('a, A');
    expect(get('d').cmdFormat({ includeDoc: true })).toBe('d (effective head), D');
    expect(get('e').cmdFormat({ includeParents: true, currentHeads: ['e'] })).toBe(
      'b (d) -> e (head) (current)',
    );
    expect(
      get('c').cmdFormat({ currentHeads: new Set(['c']), headIndicators: false, treeIndicators: false }),
    ).toBe('c');
    expect(String(get('b'))).toBe('a -> b, B');
    const entry = get('a').logEntry({ currentHeads: ['a'] });
    expect(entry.split('\n').slice(0, 3)).toEqual([
      'Rev: a (branchpoint) (current)',
      'Parent: <base>',
      expect.stringMatching(/^Branches into: (b, c|c, b)$/),
    ]);
    expect(get('e').logEntry().split('\n')[2]).toBe('Also depends on: d');
  });

  it('a revision without a doc comment', () => {
    const dir = tempDir();
    const path = `${dir}/x.mjs`;
    writeFileSync(
      path,
      "export const revision = 'x';\nexport async function upgrade() {}\nexport async function downgrade() {}\n",
    );
    const script = new ScriptDirectory({ scriptLocation: dir });
    const x = script.getRevision('x')!;
    expect(x.doc).toBe('');
    expect(x.cmdFormat({ includeDoc: true, includeParents: true })).toBe('<base> -> x (head), ');
    expect(x.logEntry()).toBe(`Rev: x (head)\nParent: <base>\nPath: ${path}\n\n\n`);
  });
});
