import { describe, expect, it } from 'vitest';
import { MultipleHeads, ResolutionError, RevisionError } from '../../src/revision/index.js';
import { expectIteration, ids, mapOf, rev } from './helpers.js';

describe('symbols', () => {
  const chain = mapOf(rev('a'), rev('b', 'a'), rev('c', 'b'));
  const forked = mapOf(rev('a'), rev('b', 'a'), rev('c1', 'b'), rev('c2', 'b'));

  it('resolves head and base on a single line', () => {
    expect(chain.getRevision('head')?.revision).toBe('c');
    expect(chain.getRevision('base')).toBeNull();
    expect(chain.getRevision(null)).toBeNull();
    expect(chain.getRevisions('base')).toEqual([]);
    expect(chain.getRevision(['a'])?.revision).toBe('a');
  });

  it('raises MultipleHeads for head and heads when there are several', () => {
    expect(() => forked.getRevision('head')).toThrow(MultipleHeads);
    expect(() => forked.getRevision('head')).toThrow(
      "Multiple heads are present for given argument 'head'; c1, c2",
    );
    expect(() => forked.getRevision('heads')).toThrow(
      "Multiple heads are present for given argument 'heads'; c1, c2",
    );
    expect(() => forked.getRevisions('head')).toThrow('Multiple heads are present');
    expect(ids(forked.getRevisions('heads'))).toEqual(['c1', 'c2']);
  });

  it('resolves base to nothing with several bases', () => {
    expect(mapOf(rev('a'), rev('b', 'a'), rev('c'), rev('d', 'c')).getRevision('base')).toBeNull();
  });

  it('gives nothing for head on an empty map', () => {
    expect(mapOf().getRevisions('heads')).toEqual([]);
    expect(mapOf().getRevision('head')).toBeNull();
  });

  it('rejects identifiers that are not strings', () => {
    const bytes = new TextEncoder().encode('12345');
    const message =
      "revision identifier b'12345' is not a string; ensure database driver settings are correct";
    expect(() => chain.getRevisions(bytes as never)).toThrow(message);
    expect(() => chain.getRevision(bytes as never)).toThrow(message);
    expect(() => chain.getRevision([bytes] as never)).toThrow(
      "revision identifier (b'12345',) is not a string; ensure database driver settings are correct",
    );
  });
});

describe('branch labels', () => {
  const map = mapOf(
    rev('a', null, { labels: 'abranch' }),
    rev('b', 'a'),
    rev('somelongername', 'b'),
    rev('c', 'somelongername'),
    rev('d'),
    rev('e', 'd', { labels: ['ebranch'] }),
    rev('someothername', 'e'),
    rev('f', 'someothername'),
  );

  it('inherits labels along the branch, down to the base', () => {
    expect([...(map.getRevision('c')?.branchLabels ?? [])]).toEqual(['abranch']);
    expect([...(map.getRevision('d')?.branchLabels ?? [])]).toEqual(['ebranch']);
    expect(map.getRevision('d')?.declaredBranchLabels).toEqual([]);
  });

  it('resolves label@head, label@heads, label@base and label@rev', () => {
    expect(map.getRevision('abranch@head')?.revision).toBe('c');
    expect(map.getRevision('abranch@heads')?.revision).toBe('c');
    expect(map.getRevision('abranch@base')).toBeNull();
    expect(map.getRevision('ebranch@head')?.revision).toBe('f');
    expect(map.getRevision('ebranch@d')?.revision).toBe('d');
    expect(map.getRevision('ebranch@ebranch')?.revision).toBe('e');
  });

  it('resolves a bare label to the revision that declares it', () => {
    expect(map.getRevision('abranch')?.revision).toBe('a');
    expect(map.getRevision('ebranch')?.revision).toBe('e');
  });

  it('resolves partial ids within a branch', () => {
    expect(map.getRevision('ebranch@some')?.revision).toBe('someothername');
    expect(map.getRevision('abranch@some')?.revision).toBe('somelongername');
  });

  it('explains partial ids that are too short', () => {
    expect(() => map.getRevision('ebranch@sos')).toThrow(
      "No such revision or branch 'sos'; please ensure at least four characters are present for partial revision identifier matches",
    );
  });

  it('refuses revisions outside the branch', () => {
    expect(() => map.getRevision('ebranch@b')).toThrow("Revision b is not a member of branch 'ebranch'");
    expect(() => map.getRevision('abranch@d')).toThrow("Revision d is not a member of branch 'abranch'");
  });

  it('resolves short exact ids', () => {
    expect(map.getRevision('e')?.revision).toBe('e');
  });

  it('reports missing revisions', () => {
    expect(() => map.getRevision('abranch@qprstuv')).toThrow(/^No such revision or branch 'qprstuv'$/);
    expect(() => map.getRevision('abranch@qpr')).toThrow(
      /^No such revision or branch 'qpr'; please ensure at least four characters are present for partial revision identifier matches$/,
    );
  });

  it('accepts a revision id or partial id in place of a label', () => {
    expect(map.getRevision('e@d')?.revision).toBe('d');
    expect(map.getRevision('someoth@d')?.revision).toBe('d');
  });

  it('reports unknown branches', () => {
    expect(() => map.getRevision('x@d')).toThrow("No such branch: 'x'");
  });

  it('filters for lineage', () => {
    const f = map.getRevision('f');
    expect(map.filterForLineage(f ? [f] : [], 'heads')).toEqual([f]);
    expect(map.filterForLineage(map.bases, 'somelongername@base')).toEqual(['a']);
    expect(map.filterForLineage(map.bases, 'base')).toEqual(['a', 'd']);
  });

  it('iterates by label', () => {
    expectIteration(map, 'heads', 'ebranch@base', ['f', 'someothername', 'e', 'd']);
    expectIteration(map, 'heads', 'abranch@base', ['c', 'somelongername', 'b', 'a']);
    expectIteration(map, 'ebranch@head', 'base', ['f', 'someothername', 'e', 'd']);
    expectIteration(map, 'abranch@head', 'base', ['c', 'somelongername', 'b', 'a']);
    expectIteration(map, 'heads', 'ebranch@head', ['f']);
    expectIteration(map, 'heads', 'ebranch@d', ['f', 'someothername', 'e', 'd']);
    expectIteration(map, 'heads', 'e@base', ['f', 'someothername', 'e', 'd']);
    expectIteration(map, 'heads', 'c@base', ['c', 'somelongername', 'b', 'a']);
  });

  it('iterates with relative branch bounds', () => {
    expectIteration(map, 'heads', 'ebranch@-2', ['f', 'someothername', 'e']);
    expectIteration(map, 'ebranch@+2', 'base', ['e', 'd']);
  });

  it('rejects a label used twice', () => {
    const dupe = mapOf(
      rev('a'),
      rev('b', 'a'),
      rev('c', 'b', { labels: ['xy1'] }),
      rev('d'),
      rev('e', 'd', { labels: ['xy1'] }),
      rev('f', 'e'),
    );
    expect(() => dupe.heads).toThrow("Branch name 'xy1' in revision e already used by revision c");
  });

  it('rejects a label equal to a revision id', () => {
    expect(() => mapOf(rev('a'), rev('b', 'a', { labels: 'a' })).heads).toThrow(
      "Branch name 'a' in revision b already used by revision a",
    );
  });

  it('filters across a merge', () => {
    const merged = mapOf(
      rev('a'),
      rev('b', 'a'),
      rev('c1', 'b', { labels: 'c1branch' }),
      rev('c2', 'b'),
      rev('d', ['c1', 'c2']),
    );
    const revs = ['c1', 'c2', 'd'].map((id) => merged.getRevision(id));
    expect(merged.filterForLineage(revs as never[], 'c1branch@head')).toEqual(revs);
  });

  it('does not label ancestors past a branch point', () => {
    const m = mapOf(rev('a'), rev('b', 'a'), rev('c1', 'b', { labels: 'one' }), rev('c2', 'b'));
    expect(m.getRevision('b')?.branchLabels.size).toBe(0);
    expect([...(m.getRevision('c1')?.branchLabels ?? [])]).toEqual(['one']);
    const line = mapOf(rev('a'), rev('b', 'a', { labels: 'x' }), rev('c', 'b'));
    expect(['a', 'b', 'c'].map((id) => [...(line.getRevision(id)?.branchLabels ?? [])])).toEqual([
      ['x'],
      ['x'],
      ['x'],
    ]);
  });
});

describe('partial identifiers', () => {
  const map = mapOf(
    rev('ae1027a6acf'),
    rev('ae10fff'),
    rev('27c6a30d7c24', 'ae1027a6acf'),
    rev('abc', '27c6a30d7c24'),
  );

  it('resolves a unique prefix of any length', () => {
    expect(map.getRevision('27')?.revision).toBe('27c6a30d7c24');
    expect(map.getRevision('ae102')?.revision).toBe('ae1027a6acf');
  });

  it('reports ambiguous prefixes, listing at most three', () => {
    expect(() => map.getRevision('ae10')).toThrow(
      "Multiple revisions start with 'ae10': 'ae1027a6acf', 'ae10fff'...",
    );
    const many = mapOf(rev('abcd1'), rev('abcd2'), rev('abcd3'), rev('abcd4'));
    expect(() => many.getRevision('abc')).toThrow(ResolutionError);
    expect(() => many.getRevision('abc')).toThrow(
      "Multiple revisions start with 'abc': 'abcd1', 'abcd2', 'abcd3'...",
    );
  });

  it('reaches ids of three characters or fewer only exactly', () => {
    expect(map.getRevision('abc')?.revision).toBe('abc');
    expect(() => map.getRevision('ab')).toThrow(
      "No such revision or branch 'ab'; please ensure at least four characters are present for partial revision identifier matches",
    );
  });

  it('reports no match', () => {
    expect(() => map.getRevision('zzzzzz')).toThrow("No such revision or branch 'zzzzzz'");
    try {
      map.getRevision('zzzzzz');
    } catch (err) {
      expect(err).toBeInstanceOf(ResolutionError);
      expect((err as ResolutionError).argument).toBe('zzzzzz');
    }
  });

  it('counts labels as candidates too', () => {
    const m = mapOf(rev('aaaa1111', null, { labels: 'aaaalabel' }));
    expect(() => m.getRevision('aaaa')).toThrow(
      "Multiple revisions start with 'aaaa': 'aaaa1111', 'aaaalabel'...",
    );
  });
});

describe('relative identifiers', () => {
  const map = mapOf(rev('a'), rev('b', 'a'), rev('c', 'b'), rev('d', 'c'), rev('e', 'd'));

  it('walks down from heads with -N', () => {
    expect(ids(map.getRevisions('-2'))).toEqual(['c']);
  });

  it('walks from a symbol', () => {
    expect(ids(map.planUpgrade('base+2', []).map((s) => s.revision))).toEqual(['a', 'b']);
    expect(ids(map.planUpgrade('head-1', []).map((s) => s.revision))).toEqual(['a', 'b', 'c', 'd']);
    expect(ids(map.planUpgrade('b+2', ['a']).map((s) => s.revision))).toEqual(['b', 'c', 'd']);
  });

  it('reports over-walks and ambiguous walks', () => {
    expect(() => map.planDowngrade('c+5', ['e'])).toThrow('Walked too far');
    expect(() => map.planUpgrade('+9', ['a'])).toThrow("Relative revision +9 didn't produce 9 migrations");
    const forked = mapOf(rev('a'), rev('b1', 'a'), rev('b2', 'a'));
    expect(() => forked.planUpgrade('a+1', [])).toThrow(RevisionError);
    expect(() => forked.planUpgrade('a+1', [])).toThrow('Ambiguous walk');
  });
});
