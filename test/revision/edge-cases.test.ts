import { describe, expect, it } from 'vitest';
import { ResolutionError, RevisionError } from '../../src/revision/index.js';
import { mapOf, rev } from './helpers.js';

// Graphs found by comparing retort with Alembic on random histories. Where Alembic raises a
// revision error the text is Alembic's; where Alembic fails an internal assertion retort
// raises a RevisionError instead.
describe('edge cases checked against Alembic', () => {
  it('fails when an upgrade target walks down to base', () => {
    const map = mapOf(rev('ab3'));
    for (const target of ['heads-1', 'head-1', 'ab3-1']) {
      expect(() => map.planUpgrade(target, ['ab3'])).toThrow(RevisionError);
    }
  });

  it('reports an ambiguous walk when stamping a relative revision through a merge', () => {
    const map = mapOf(
      rev('xk'),
      rev('x4', 'xk', { labels: 'lbl3' }),
      rev('abcy', ['xk', 'q12']),
      rev('q12', ['abce', 'xk'], { labels: 'lbl4' }),
      rev('abce', 'xk'),
      rev('xl', 'abce', { labels: 'lbl2' }),
    );
    expect(() => map.planStamp('-1', [])).toThrow('Ambiguous walk');
  });

  it('checks overlapping lower bounds before walking off the graph', () => {
    const map = mapOf(
      rev('qs', null, { labels: 'lbl0' }),
      rev('xn', 'qs'),
      rev('abcdq', 'qs', { labels: 'lbl2' }),
      rev('xf', 'xn'),
      rev('abcv', null, { labels: 'lbl4' }),
    );
    expect(() => map.iterateRevisions('abcv', '-1', { inclusive: true, implicitBase: true })).toThrow(
      'Requested revision xn overlaps with other requested revisions qs',
    );
  });

  it("treats a walk to base among current revisions as the id 'base'", () => {
    const map = mapOf(
      rev('q4', 'abcdd', { labels: 'lbl2' }),
      rev('abcdd', 'q12'),
      rev('abi', 'abcdd', { labels: 'lbl5' }),
      rev('q12'),
      rev('abcdk', 'q4', { deps: 'abcd5' }),
      rev('abcd5', 'abcdd'),
      rev('abcb', 'q12'),
      rev('abc9', null, { deps: 'q12' }),
    );
    expect(() => map.iterateRevisions('lbl2@+1', '-2', { inclusive: true })).toThrow(ResolutionError);
    expect(() => map.iterateRevisions('lbl2@+1', '-2', { inclusive: true })).toThrow(
      "No such revision or branch 'base'",
    );
  });

  it('drops the base markers of -N from getRevisions', () => {
    const map = mapOf(
      rev('abc10', 'abc1', { labels: 'lbl3' }),
      rev('abc1', null, { labels: 'lbl0' }),
      rev('abo', 'abc1'),
      rev('qk'),
      rev('qy', 'abo'),
      rev('qw', null, { labels: 'lbl5' }),
    );
    expect(map.getRevisions('-1').map((r) => r.revision)).toEqual(['abc1', 'abo']);
  });

  it('labels ancestors only down a plain line', () => {
    const map = mapOf(rev('a'), rev('b', 'a'), rev('c', 'b', { labels: 'x' }), rev('d', 'c'), rev('e', 'c'));
    expect(map.getRevision('b')?.branchLabels.size).toBe(0);
    const line = mapOf(rev('a'), rev('b', 'a'), rev('m', ['a', 'b']), rev('c', 'm', { labels: 'x' }));
    expect(['a', 'b', 'm', 'c'].map((id) => line.getRevision(id)?.branchLabels.has('x'))).toEqual([
      false,
      false,
      false,
      true,
    ]);
  });
});

describe('empty identifiers', () => {
  it('never match every revision by prefix', () => {
    const map = mapOf(rev('abcdef'));
    expect(() => map.getRevision('')).toThrow(ResolutionError);
    expect(() => map.planDowngrade('', ['abcdef'])).toThrow(ResolutionError);
    expect(() => map.getRevision('abcdef@')).toThrow(ResolutionError);
  });
});
