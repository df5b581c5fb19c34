import { describe, expect, it } from 'vitest';
import {
  CycleDetected,
  DependencyCycleDetected,
  DependencyLoopDetected,
  LoopDetected,
  Revision,
  RevisionError,
  RevisionMap,
} from '../../src/revision/index.js';
import { RetortError } from '../../src/util/errors.js';
import { mapOf, rev } from './helpers.js';

function buildError(make: () => RevisionMap): unknown {
  try {
    make().heads;
  } catch (err) {
    return err;
  }
  return null;
}

describe('self loops', () => {
  const cases: [string, () => RevisionMap, string][] = [
    ['solitary', () => mapOf(rev('a', 'a')), 'a'],
    ['at the base', () => mapOf(rev('a', 'a'), rev('b', 'a'), rev('c', 'b')), 'a'],
    ['at the head', () => mapOf(rev('a'), rev('b', 'a'), rev('c', ['b', 'c'])), 'c'],
    ['at a branch point', () => mapOf(rev('a'), rev('b', ['a', 'b']), rev('c1', 'b'), rev('c2', 'b')), 'b'],
    [
      'at a merge point',
      () => mapOf(rev('a'), rev('b1', 'a'), rev('b2', 'a'), rev('c', ['b1', 'b2', 'c'])),
      'c',
    ],
  ];
  for (const [name, make, id] of cases) {
    it(`detects a loop ${name}`, () => {
      const err = buildError(make);
      expect(err).toBeInstanceOf(LoopDetected);
      expect(err).toBeInstanceOf(CycleDetected);
      expect((err as Error).message).toBe(`Self-loop is detected in revisions (${id})`);
    });
  }
  const depCases: [string, () => RevisionMap, string][] = [
    ['solitary', () => mapOf(rev('a', null, { deps: 'a' })), 'a'],
    ['at the base', () => mapOf(rev('a', null, { deps: 'a' }), rev('b', 'a'), rev('c', 'b')), 'a'],
    ['at the head', () => mapOf(rev('a'), rev('b', 'a'), rev('c', 'b', { deps: 'c' })), 'c'],
    [
      'at a branch point',
      () => mapOf(rev('a'), rev('b', 'a', { deps: 'b' }), rev('c1', 'b'), rev('c2', 'b')),
      'b',
    ],
    [
      'at a merge point',
      () => mapOf(rev('a'), rev('b1', 'a'), rev('b2', 'a'), rev('c', ['b1', 'b2'], { deps: 'c' })),
      'c',
    ],
  ];
  for (const [name, make, id] of depCases) {
    it(`detects a dependency loop ${name}`, () => {
      const err = buildError(make);
      expect(err).toBeInstanceOf(DependencyLoopDetected);
      expect(err).toBeInstanceOf(DependencyCycleDetected);
      expect((err as Error).message).toBe(`Dependency self-loop is detected in revisions (${id})`);
    });
  }
});

describe('cycles', () => {
  const cases: [string, () => RevisionMap, string][] = [
    ['simple', () => mapOf(rev('a', 'c'), rev('b', 'a'), rev('c', 'b')), 'a, b, c'],
    [
      'beside a good tree',
      () => mapOf(rev('a', 'c'), rev('b', 'a'), rev('c', 'b'), rev('d'), rev('e', 'd')),
      'a, b, c',
    ],
    [
      'below more revisions',
      () => mapOf(rev('a', 'c'), rev('b', 'a'), rev('c', 'b'), rev('d', 'c'), rev('e', 'd')),
      'a, b, c, d, e',
    ],
    [
      'above a base',
      () => mapOf(rev('a'), rev('b', 'a'), rev('c', ['b', 'e']), rev('d', 'c'), rev('e', 'd')),
      'a, b, c, d, e',
    ],
  ];
  for (const [name, make, list] of cases) {
    it(`detects a ${name} cycle`, () => {
      const err = buildError(make);
      expect(err).toBeInstanceOf(CycleDetected);
      expect(err).not.toBeInstanceOf(DependencyCycleDetected);
      expect((err as Error).message).toBe(`Cycle is detected in revisions (${list})`);
    });
  }
  const depCases: [string, () => RevisionMap, string][] = [
    ['simple', () => mapOf(rev('a', null, { deps: 'c' }), rev('b', 'a'), rev('c', 'b')), 'a, b, c'],
    [
      'beside a good tree',
      () => mapOf(rev('a', null, { deps: 'c' }), rev('b', 'a'), rev('c', 'b'), rev('d'), rev('e', 'd')),
      'a, b, c',
    ],
    [
      'below more revisions',
      () => mapOf(rev('a', null, { deps: 'c' }), rev('b', 'a'), rev('c', 'b'), rev('d', 'c'), rev('e', 'd')),
      'a, b, c, d, e',
    ],
    [
      'above a base',
      () => mapOf(rev('a'), rev('b', 'a'), rev('c', 'b', { deps: 'e' }), rev('d', 'c'), rev('e', 'd')),
      'a, b, c, d, e',
    ],
  ];
  for (const [name, make, list] of depCases) {
    it(`detects a ${name} dependency cycle`, () => {
      const err = buildError(make);
      expect(err).toBeInstanceOf(DependencyCycleDetected);
      expect((err as Error).message).toBe(`Dependency cycle is detected in revisions (${list})`);
    });
  }
});

describe('bad input', () => {
  it('rejects illegal characters in ids', () => {
    expect(() => rev('a-b')).toThrow("Character(s) '-' not allowed in revision identifier 'a-b'");
    expect(() => rev('a@b+c:d')).toThrow(
      "Character(s) '+, :, @' not allowed in revision identifier 'a@b+c:d'",
    );
    expect(() => Revision.verifyRevisionId('fine_id')).not.toThrow();
  });

  it('names a missing down revision instead of crashing', () => {
    const err = buildError(() => mapOf(rev('a'), rev('b', 'zzz')));
    expect(err).toBeInstanceOf(RevisionError);
    expect(err).toBeInstanceOf(RetortError);
    expect((err as Error).message).toBe('Revision zzz referenced from b is not present');
    expect(() => mapOf(rev('a', null, { deps: 'nope' })).heads).toThrow(
      'Revision nope referenced from a is not present',
    );
  });

  it('warns about duplicate ids and keeps the last', () => {
    const first = rev('a', null, { message: 'first' });
    const second = rev('a', null, { message: 'second' });
    const map = new RevisionMap([first, rev('b', 'a'), second]);
    expect(map.warnings).toEqual(['Revision a is present more than once']);
    expect(map.getRevision('a')?.message).toBe('second');
    expect(map.heads).toEqual(['b']);
  });

  it('renders Alembic-style reprs', () => {
    const map = mapOf(rev('a'), rev('b', 'a'), rev('c', null, { deps: ['a', 'b'] }));
    expect(String(map.getRevision('c'))).toBe("Revision('c', None, dependencies=('a', 'b'))");
  });
});

describe('graph facts', () => {
  it('marks heads, bases, branch and merge points', () => {
    const map = mapOf(
      rev('a'),
      rev('b1', 'a'),
      rev('b2', 'a'),
      rev('c', ['b1', 'b2']),
      rev('x', null, { deps: 'a' }),
    );
    const get = (id: string) => map.getRevision(id) as Revision;
    expect(get('a').isBranchPoint).toBe(true);
    expect(get('a').isRealBranchPoint).toBe(true);
    expect(get('c').isMergePoint).toBe(true);
    expect(get('c').isHead && get('c').isRealHead).toBe(true);
    expect(get('x').isBase).toBe(true);
    expect(get('x').isRealBase).toBe(false);
    expect(map.bases).toEqual(['a', 'x']);
    expect(map.realBases).toEqual(['a']);
    expect([...get('a').nextRevisions]).toEqual(['b1', 'b2']);
    expect([...get('a').allNextRevisions]).toEqual(['b1', 'b2', 'x']);
    expect(get('b1').downRevision).toBe('a');
    expect(get('c').downRevision).toEqual(['b1', 'b2']);
  });

  it('shows the effective head of a depended-on branch', () => {
    const map = mapOf(rev('a'), rev('b', null, { deps: 'a' }));
    expect(map.getRevision('a')?.isEffectiveHead).toBe(true);
    expect(() => map.getRevision('head')).toThrow(
      "Multiple heads are present for given argument 'head'; a, b",
    );
    expect(map.getRevision('heads')?.revision).toBe('b');
  });
});

describe('a map that fails to build', () => {
  it('keeps failing and leaves an earlier map of the same revisions intact', () => {
    const a = rev('a');
    const b = rev('b', 'a', { labels: 'lib' });
    const good = new RevisionMap([a, b]);
    expect(good.heads).toEqual(['b']);
    const bad = new RevisionMap([a, b, rev('c', 'missing')]);
    expect(() => bad.heads).toThrow('Revision missing referenced from c is not present');
    expect(() => bad.getRevision('a')).toThrow('Revision missing referenced from c is not present');
    expect([...a.nextRevisions]).toEqual(['b']);
    expect(a.branchLabels.has('lib')).toBe(true);
    expect(good.planUpgrade('heads', []).map(String)).toEqual(['upgrade  -> a', 'upgrade a -> b']);
  });
});
