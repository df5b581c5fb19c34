import { describe, expect, it } from 'vitest';
import { expectIteration, ids, mapOf, rev } from './helpers.js';

describe('ordering of a diamond', () => {
  const map = mapOf(rev('a'), rev('b1', 'a'), rev('b2', 'a'), rev('c', ['b1', 'b2']), rev('d', 'c'));
  it('drains both sides of the merge before the branch point', () => {
    expectIteration(map, 'd', 'a', ['d', 'c', 'b1', 'b2', 'a']);
  });
});

describe('an empty map', () => {
  it('iterates nothing from head to base', () => {
    expectIteration(mapOf(), 'head', 'base', []);
  });
});

describe('a long and a short branch', () => {
  const map = mapOf(
    rev('a'),
    rev('b1', 'a'),
    rev('b2', 'a'),
    rev('c1', 'b1'),
    rev('d11', 'c1'),
    rev('d12', 'c1'),
  );
  it('orders heads by load order', () => {
    expectIteration(map, 'heads', 'base', ['b2', 'd11', 'd12', 'c1', 'b1', 'a']);
  });
});

describe('many branches', () => {
  const map = mapOf(
    rev('a'),
    rev('b1', 'a'),
    rev('b2', 'a'),
    rev('cb1', 'b1'),
    rev('cb2', 'b2'),
    rev('d1cb1', 'cb1'),
    rev('d2cb1', 'cb1'),
    rev('d1cb2', 'cb2'),
    rev('d2cb2', 'cb2'),
    rev('d3cb2', 'cb2'),
    rev('d1d2cb2', ['d1cb2', 'd2cb2']),
  );
  it('walks down from a merge point', () => {
    expectIteration(map, 'd1d2cb2', 'a', ['d1d2cb2', 'd1cb2', 'd2cb2', 'cb2', 'b2', 'a']);
  });
  it('walks several heads', () => {
    expectIteration(map, ['d2cb2', 'd3cb2'], 'a', ['d2cb2', 'd3cb2', 'cb2', 'b2', 'a']);
  });
  it('walks one branch', () => {
    expectIteration(map, 'd3cb2', 'a', ['d3cb2', 'cb2', 'b2', 'a']);
    expectIteration(map, 'd3cb2', 'base', ['d3cb2', 'cb2', 'b2', 'a']);
  });
  it('walks two branches to base', () => {
    expectIteration(map, ['d3cb2', 'cb1'], 'base', ['cb1', 'b1', 'd3cb2', 'cb2', 'b2', 'a']);
  });
  it('omits heads that do not descend from the lower bound', () => {
    expectIteration(map, ['d1cb1', 'd2cb2', 'd3cb2'], 'b2', ['d2cb2', 'd3cb2', 'cb2', 'b2']);
  });
  it('refuses ranges that run the wrong way or across branches', () => {
    expect(() => map.iterateRevisions('b1', 'd1cb1')).toThrow(
      'Revision d1cb1 is not an ancestor of revision b1',
    );
    expect(() => map.iterateRevisions('d2cb2', 'b1')).toThrow(
      'Revision b1 is not an ancestor of revision d2cb2',
    );
    expect(() => map.iterateRevisions(null, 'd1cb1')).toThrow(
      'Revision d1cb1 is not an ancestor of revision base',
    );
    expect(() => map.iterateRevisions([], 'd1cb1')).toThrow(
      'Revision d1cb1 is not an ancestor of revision base',
    );
  });
});

describe('a branch whose head is only depended on (effective head)', () => {
  const map = mapOf(
    rev('y1', null, { labels: 'y' }),
    rev('x1', null, { labels: 'x' }),
    rev('y2', 'y1', { deps: 'x1' }),
    rev('x2', 'x1'),
  );
  const down = { inclusive: false, selectForDowngrade: true };
  it('downgrades the other branch by one', () => {
    expectIteration(map, ['x2', 'y2'], 'x@-1', ['x2'], down);
  });
  it('uses all current revisions when the branch head is implied', () => {
    expectIteration(map, ['x1', 'y2'], 'x@-1', ['y2', 'x1'], down);
    expectIteration(map, 'y2', 'x@-1', ['y2', 'x1'], down);
  });
  it('distinguishes heads from real heads', () => {
    expect(map.heads).toEqual(['y2', 'x2']);
    expect(map.realHeads).toEqual(['y2', 'x2']);
    expect(mapOf(rev('a'), rev('b', null, { deps: 'a' })).heads).toEqual(['a', 'b']);
    expect(mapOf(rev('a'), rev('b', null, { deps: 'a' })).realHeads).toEqual(['b']);
  });
});

describe('travelling along branches', () => {
  const map = mapOf(
    rev('a1'),
    rev('a2', 'a1'),
    rev('a3', 'a2'),
    rev('b1', 'a3'),
    rev('b2', 'a3'),
    rev('cb1', 'b1'),
    rev('cb2', 'b2'),
    rev('db1', 'cb1'),
    rev('db2', 'cb2'),
    rev('e1b1', 'db1'),
    rev('fe1b1', 'e1b1'),
    rev('e2b1', 'db1'),
    rev('e2b2', 'db2'),
    rev('merge', ['e2b1', 'e2b2']),
  );
  it('fills in every side of a merge with an implicit base', () => {
    expectIteration(map, 'merge', 'db1', ['merge', 'e2b1', 'db1', 'e2b2', 'db2', 'cb2', 'b2'], {
      implicitBase: true,
    });
  });
  it('ends three branches in one', () => {
    expectIteration(map, ['merge', 'fe1b1'], 'a3', [
      'fe1b1',
      'e1b1',
      'merge',
      'e2b1',
      'db1',
      'cb1',
      'b1',
      'e2b2',
      'db2',
      'cb2',
      'b2',
      'a3',
    ]);
  });
  it('walks two branches to the root', () => {
    expectIteration(map, 'merge', 'a1', [
      'merge',
      'e2b1',
      'db1',
      'cb1',
      'b1',
      'e2b2',
      'db2',
      'cb2',
      'b2',
      'a3',
      'a2',
      'a1',
    ]);
  });
  it('stops inside a branch', () => {
    expectIteration(map, 'merge', 'b1', ['merge', 'e2b1', 'db1', 'cb1', 'b1']);
    expectIteration(map, 'merge', 'a2', [
      'merge',
      'e2b1',
      'db1',
      'cb1',
      'b1',
      'e2b2',
      'db2',
      'cb2',
      'b2',
      'a3',
      'a2',
    ]);
  });
  it('walks three branches to the root', () => {
    expectIteration(map, ['merge', 'fe1b1'], 'a1', [
      'fe1b1',
      'e1b1',
      'merge',
      'e2b1',
      'db1',
      'cb1',
      'b1',
      'e2b2',
      'db2',
      'cb2',
      'b2',
      'a3',
      'a2',
      'a1',
    ]);
  });
  it('ends at several bases', () => {
    expectIteration(
      map,
      ['merge', 'fe1b1'],
      ['cb1', 'cb2'],
      ['fe1b1', 'e1b1', 'merge', 'e2b1', 'db1', 'cb1', 'e2b2', 'db2', 'cb2'],
    );
    expectIteration(
      map,
      ['merge', 'fe1b1'],
      ['cb1', 'cb2'],
      ['fe1b1', 'e1b1', 'merge', 'e2b1', 'db1', 'e2b2', 'db2'],
      {
        inclusive: false,
      },
    );
  });
  it('rejects overlapping requested heads', () => {
    expect(() => map.iterateRevisions(['db1', 'b2', 'fe1b1'], [])).toThrow(
      'Requested revision fe1b1 overlaps with other requested revisions db1',
    );
  });
  it('walks from an empty lower bound', () => {
    expectIteration(
      map,
      ['e2b1', 'b2', 'fe1b1'],
      [],
      ['b2', 'fe1b1', 'e1b1', 'e2b1', 'db1', 'cb1', 'b1', 'a3', 'a2', 'a1'],
      {
        inclusive: false,
      },
    );
    expectIteration(map, ['fe1b1'], 'base', ['fe1b1', 'e1b1', 'db1', 'cb1', 'b1', 'a3', 'a2', 'a1'], {
      inclusive: false,
    });
  });
  it('collects ancestors', () => {
    const merge = map.getRevision('merge');
    expect(new Set(ids(map.ancestorsOf(merge ? [merge] : [])))).toEqual(
      new Set(['a1', 'e2b2', 'e2b1', 'cb2', 'merge', 'a3', 'a2', 'b1', 'b2', 'db1', 'db2', 'cb1']),
    );
  });
  it('tolerates a repeated target', () => {
    const chain = mapOf(rev('a'), rev('b', 'a'), rev('c', 'b'));
    expectIteration(chain, ['c', 'c'], 'a', ['c', 'b'], { inclusive: false });
  });
});

describe('several bases', () => {
  const map = mapOf(
    rev('base1'),
    rev('base2'),
    rev('base3'),
    rev('a1a', 'base1'),
    rev('a1b', 'base1'),
    rev('a2', 'base2'),
    rev('a3', 'base3'),
    rev('b1a', 'a1a'),
    rev('b1b', 'a1b'),
    rev('b2', 'a2'),
    rev('b3', 'a3'),
    rev('c2', 'b2'),
    rev('d2', 'c2'),
    rev('mergeb3d2', ['b3', 'd2']),
  );
  const all = [
    'b1a',
    'a1a',
    'b1b',
    'a1b',
    'base1',
    'mergeb3d2',
    'b3',
    'a3',
    'base3',
    'd2',
    'c2',
    'b2',
    'a2',
    'base2',
  ];
  it('walks heads to base, inclusive or not, or to nothing', () => {
    expectIteration(map, 'heads', 'base', all);
    expectIteration(map, 'heads', 'base', all, { inclusive: false });
    expectIteration(map, 'heads', null, all);
  });
  it('rejects overlapping lower bounds', () => {
    expect(() => map.iterateRevisions(['c2'], ['a2', 'b2'])).toThrow(
      'overlaps with other requested revisions',
    );
  });
  it('adds other branches with an implicit base', () => {
    const head = ['b1a', 'a1a', 'b1b', 'a1b', 'base1', 'mergeb3d2', 'b3', 'a3', 'base3', 'd2'];
    expectIteration(map, 'heads', ['c2'], head, { inclusive: false, implicitBase: true });
    expectIteration(map, 'heads', ['c2'], [...head, 'c2'], { implicitBase: true });
    expectIteration(map, 'heads', ['c2'], ['mergeb3d2', 'd2'], { inclusive: false });
  });
  it('walks specific paths', () => {
    expectIteration(map, 'b3', 'base3', ['b3', 'a3', 'base3']);
    expectIteration(map, ['b3', 'b2'], 'base3', ['b2', 'a2', 'base2', 'b3', 'a3'], {
      inclusive: false,
      implicitBase: true,
    });
  });
});

describe('several bases with cross dependencies (one)', () => {
  const map = mapOf(
    rev('base1', null, { labels: 'b_1' }),
    rev('a1a', 'base1'),
    rev('a1b', 'base1'),
    rev('b1a', 'a1a'),
    rev('b1b', 'a1b', { deps: 'a3' }),
    rev('base2', null, { labels: 'b_2' }),
    rev('a2', 'base2'),
    rev('b2', 'a2'),
    rev('c2', 'b2', { deps: 'a3' }),
    rev('d2', 'c2'),
    rev('base3', null, { labels: 'b_3' }),
    rev('a3', 'base3'),
    rev('b3', 'a3'),
  );
  const all = ['b1a', 'a1a', 'b1b', 'a1b', 'base1', 'd2', 'c2', 'b2', 'a2', 'base2', 'b3', 'a3', 'base3'];
  const down = { selectForDowngrade: true };
  it('has the expected heads', () => {
    expect(map.heads).toEqual(['b1a', 'b1b', 'd2', 'b3']);
  });
  it('walks everything both ways', () => {
    expectIteration(map, 'heads', 'base', all);
    expectIteration(map, 'heads', 'base', all, down);
  });
  it('refuses ranges that are not ancestor/descendant', () => {
    expect(() => map.iterateRevisions('b2', 'd2')).toThrow('Revision d2 is not an ancestor of revision b2');
    expect(() => map.iterateRevisions('b3', 'd2')).toThrow('Revision d2 is not an ancestor of revision b3');
  });
  it('pulls dependencies in on upgrade but not on downgrade', () => {
    expectIteration(map, 'b_2@head', 'base', ['d2', 'c2', 'b2', 'a2', 'base2', 'a3', 'base3']);
    expectIteration(map, 'b_2@head', 'b_2@base', ['d2', 'c2', 'b2', 'a2', 'base2'], down);
    expectIteration(map, 'b_3@head', 'base', ['b3', 'a3', 'base3']);
    expectIteration(map, 'b_3@head', 'base', ['b3', 'a3', 'base3'], down);
    expectIteration(map, 'b1b@head', 'base', ['b1b', 'a1b', 'base1', 'a3', 'base3']);
    expectIteration(map, 'b1b@head', 'b1b@base', ['b1b', 'a1b', 'base1'], down);
    expectIteration(map, 'heads', 'b_2@base', ['d2', 'c2', 'b2', 'a2', 'base2', 'a3', 'base3']);
    expectIteration(map, 'heads', 'b_2@base', ['d2', 'c2', 'b2', 'a2', 'base2'], down);
    expectIteration(map, 'heads', 'b_3@base', ['b3', 'a3', 'base3']);
    expectIteration(map, 'heads', 'b_3@base', ['b1b', 'd2', 'c2', 'b3', 'a3', 'base3'], down);
  });
});

describe('several bases with cross dependencies (two)', () => {
  const map = mapOf(
    rev('base1', null, { labels: 'b_1' }),
    rev('a1', 'base1'),
    rev('b1', 'a1'),
    rev('c1', 'b1'),
    rev('base2', null, { deps: 'b_1', labels: 'b_2' }),
    rev('a2', 'base2'),
    rev('b2', 'a2'),
    rev('c2', 'b2'),
    rev('d2', 'c2'),
    rev('base3', null, { labels: 'b_3' }),
    rev('a3', 'base3'),
    rev('b3', 'a3'),
    rev('c3', 'b3', { deps: 'b2' }),
    rev('d3', 'c3'),
  );
  it('walks everything', () => {
    expect(map.heads).toEqual(['c1', 'd2', 'd3']);
    expectIteration(map, 'heads', 'base', [
      'c1',
      'b1',
      'a1',
      'd2',
      'c2',
      'd3',
      'c3',
      'b3',
      'a3',
      'base3',
      'b2',
      'a2',
      'base2',
      'base1',
    ]);
  });
  it('walks per branch', () => {
    expectIteration(map, 'b_2@head', 'base', ['d2', 'c2', 'b2', 'a2', 'base2', 'base1']);
    expectIteration(map, 'b_3@head', 'base', ['d3', 'c3', 'b3', 'a3', 'base3', 'b2', 'a2', 'base2', 'base1']);
    expectIteration(map, 'b_1@head', 'base', ['c1', 'b1', 'a1', 'base1']);
    expectIteration(map, 'heads', 'b_1@base', ['c1', 'b1', 'a1', 'base1']);
    expectIteration(map, 'heads', 'b_2@base', ['d2', 'c2', 'b2', 'a2', 'base2', 'base1']);
    expectIteration(map, 'heads', 'b_3@base', [
      'd3',
      'c3',
      'b3',
      'a3',
      'base3',
      'b2',
      'a2',
      'base2',
      'base1',
    ]);
  });
});

describe('a base that only has a dependency', () => {
  it('traverses it after its dependency', () => {
    const map = mapOf(
      rev('base1'),
      rev('a1', 'base1'),
      rev('b1', 'a1'),
      rev('c2', null, { deps: 'a1' }),
      rev('c3', 'c2'),
    );
    expectIteration(map, 'heads', 'base', ['b1', 'c3', 'c2', 'a1', 'base1']);
  });
});

describe('normalized down revisions', () => {
  const map = mapOf(
    rev('a1'),
    rev('a2', 'a1'),
    rev('a3', 'a2'),
    rev('b1'),
    rev('b2', 'b1', { deps: 'a3' }),
    rev('b3', 'b2'),
    rev('b4', 'b3', { deps: 'a3' }),
    rev('b5', 'b4', { deps: 'b4' }),
  );
  const down = { selectForDowngrade: true };
  it('drops dependencies an ancestor already has', () => {
    const b4 = map.getRevision('b4');
    expect(b4?.allDownRevisions).toEqual(['b3', 'a3']);
    expect(b4?.normalizedDownRevisions).toEqual(['b3']);
    const b5 = map.getRevision('b5');
    expect(b5?.allDownRevisions).toEqual(['b4']);
    expect(b5?.normalizedDownRevisions).toEqual(['b4']);
  });
  it('traverses with normalized edges', () => {
    expectIteration(map, 'b4', 'b1@base', ['b4', 'b3', 'b2', 'b1'], down);
    expectIteration(map, 'heads', 'base', ['b5', 'b4', 'b3', 'b2', 'b1', 'a3', 'a2', 'a1'], down);
    expectIteration(map, 'heads', 'a2', ['b5', 'b4', 'b3', 'b2', 'a3', 'a2'], down);
    expectIteration(map, 'heads', 'a2', ['b5', 'b4', 'b3', 'b2', 'b1', 'a3', 'a2'], {
      ...down,
      implicitBase: true,
    });
    expectIteration(map, 'b5', ['b1'], ['b5', 'b4', 'b3', 'b2', 'b1', 'a3', 'a2', 'a1'], {
      implicitBase: true,
    });
  });
  it('traverses a deeper dependency chain', () => {
    const other = mapOf(
      rev('c1'),
      rev('a1'),
      rev('a2', 'a1', { deps: 'c1' }),
      rev('a3', 'a2', { deps: 'c1' }),
      rev('b1'),
      rev('b2', 'b1', { deps: 'a3' }),
      rev('b3', 'b2'),
      rev('b4', 'b3', { deps: 'a3' }),
      rev('b5', 'b4'),
    );
    expectIteration(other, 'b5', ['b1'], ['b5', 'b4', 'b3', 'b2', 'b1', 'a3', 'a2', 'a1', 'c1'], {
      implicitBase: true,
    });
  });
});

describe('dependency on a revision whose id is a prefix of another', () => {
  it('does not confuse user with user_foo', () => {
    expectIteration(mapOf(rev('user_foo'), rev('user', 'user_foo', { deps: 'user_foo' })), 'heads', null, [
      'user',
      'user_foo',
    ]);
    expectIteration(mapOf(rev('user_foo'), rev('user', 'user_foo')), 'heads', null, ['user', 'user_foo']);
    expectIteration(mapOf(rev('user_foo'), rev('user', null, { deps: 'user_foo' })), 'heads', null, [
      'user',
      'user_foo',
    ]);
  });
});

describe('walkRevisions', () => {
  it('walks every revision head first', () => {
    const map = mapOf(rev('a'), rev('b', 'a'), rev('c', 'b'));
    expect(ids(map.walkRevisions())).toEqual(['c', 'b', 'a']);
    expect(ids(map.walkRevisions('b', 'heads'))).toEqual(['c', 'b']);
  });
});
