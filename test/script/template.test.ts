import { describe, expect, it } from 'vitest';
import { renderTemplate, ScriptDirectory } from '../../src/script/index.js';
import { tempDir, writeRevision } from './helpers.js';

/** Writes `${` as `%{` so the test's strings are not mistaken for JS template literals. */
const t = (text: string) => text.replaceAll('%{', '$' + '{');

describe('renderTemplate', () => {
  it('fills placeholders and repeats each-blocks, leaving unknown ones alone', () => {
    const template = t('a=%{a};%{each dbs}[%{name}:%{a}]%{end};`%{x}`');
    expect(renderTemplate(template, { a: '1' }, { dbs: [{ name: 'p' }, { name: 'q', a: '2' }] })).toBe(
      t('a=1;[p:1][q:2];`%{x}`'),
    );
    expect(renderTemplate(t('%{each none}x%{end}'), {})).toBe('');
  });
});

describe('Script.toJSON', () => {
  it('gives the --json revision object', () => {
    const dir = tempDir();
    writeRevision(dir, 'a.ts', { rev: 'a', labels: ['default'], message: 'first' });
    writeRevision(dir, 'b.ts', { rev: 'b', down: 'a', deps: ['a'], message: 'second' });
    const b = new ScriptDirectory({ scriptLocation: dir }).getRevision('b')!;
    expect(JSON.parse(JSON.stringify(b))).toEqual({
      revision: 'b',
      downRevisions: ['a'],
      branchLabels: ['default'],
      dependsOn: ['a'],
      message: 'second',
      path: `${dir}/b.ts`,
      isHead: true,
      isBase: false,
      isBranchPoint: false,
      isMergePoint: false,
    });
  });
});
