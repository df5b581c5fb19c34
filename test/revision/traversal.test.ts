import { describe, expect, it } from 'vitest';
import { HeadMaintainer, RevisionStep, toCommandError } from '../../src/revision/index.js';
import { applySteps, expectDowngrade, expectUpgrade, ids, mapOf, rev, stepNames } from './helpers.js';

function commandMessage(fn: () => unknown, context: 'upgrade' | 'downgrade', end: string | null): string {
  try {
    fn();
  } catch (err) {
    return (toCommandError(err, context, { end }) as Error).message;
  }
  return '(no error)';
}

describe('a straight line', () => {
  const map = mapOf(rev('a'), rev('b', 'a'), rev('c', 'b'), rev('d', 'c'), rev('e', 'd'));

  it('downgrades nothing from an empty table', () => {
    expectDowngrade(map, 'base', [], [], []);
  });

  it('does nothing when the target is already current (#838, #839)', () => {
    expectDowngrade(map, 'a', ['a'], [], ['a']);
    expectDowngrade(map, 'e', ['e'], [], ['e']);
  });

  it('upgrades along the path', () => {
    expectUpgrade(map, 'e', ['c'], ['d', 'e'], ['e']);
    expectUpgrade(map, 'c', [], ['a', 'b', 'c'], ['c']);
  });

  it('upgrades by relative amounts', () => {
    expectUpgrade(map, '+2', ['a'], ['b', 'c'], ['c']);
    expectUpgrade(map, '+1', ['a'], ['b'], ['b']);
    expectUpgrade(map, '+3', ['b'], ['c', 'd', 'e'], ['e']);
    expectUpgrade(map, 'b+2', ['a'], ['b', 'c', 'd'], ['d']);
    expectUpgrade(map, 'd-2', ['a'], ['b'], ['b']);
  });

  it('rejects invalid relative upgrades', () => {
    expect(() => map.planUpgrade('-2', ['b'])).toThrow("Relative revision -2 didn't produce 2 migrations");
    expect(() => map.planUpgrade('+5', ['b'])).toThrow("Relative revision +5 didn't produce 5 migrations");
  });

  it('downgrades along the path', () => {
    expectDowngrade(map, 'c', ['e'], ['e', 'd'], ['c']);
    expectDowngrade(map, null, ['c'], ['c', 'b', 'a'], []);
  });

  it('downgrades by relative amounts', () => {
    expectDowngrade(map, '-1', ['c'], ['c'], ['b']);
    expectDowngrade(map, '-3', ['e'], ['e', 'd', 'c'], ['b']);
    expectDowngrade(map, 'a+2', ['d'], ['d'], ['c']);
    expectDowngrade(map, 'c-2', ['d'], ['d', 'c', 'b'], ['a']);
  });

  it('rejects invalid relative downgrades', () => {
    expect(() => map.planDowngrade('-5', ['b'])).toThrow("Relative revision -5 didn't produce 5 migrations");
    expect(() => map.planDowngrade('+2', ['b'])).toThrow("Relative revision +2 didn't produce 2 migrations");
  });

  it('words downgrades to a non-ancestor as the command does', () => {
    expect(commandMessage(() => map.planDowngrade('b', []), 'downgrade', 'b')).toBe(
      'Destination b is not a valid downgrade target from current head(s)',
    );
    expect(commandMessage(() => map.planDowngrade('c', ['b']), 'downgrade', 'c')).toBe(
      'Destination c is not a valid downgrade target from current head(s)',
    );
  });

  it('stamps to base by deleting the row', () => {
    const steps = map.planStamp('base', ['d']);
    expect(steps).toHaveLength(1);
    expect(new HeadMaintainer(map, ['d']).apply(steps[0])).toEqual([{ kind: 'delete', revision: 'd' }]);
  });

  it('renders steps as Alembic logs them', () => {
    const docs = mapOf(
      rev('a', null, { message: 'create account table' }),
      rev('b', 'a'),
      rev('m', ['a', 'b']),
    );
    expect(docs.planUpgrade('b', []).map(String)).toEqual([
      'upgrade  -> a, create account table',
      'upgrade a -> b',
    ]);
    expect(docs.planDowngrade('base', ['b']).map(String)).toEqual([
      'downgrade b -> a',
      'downgrade a -> , create account table',
    ]);
    const merge = docs.getRevision('m');
    if (!merge) throw new Error('m missing');
    const step = new RevisionStep(merge, true);
    expect(step.shortLog).toBe('upgrade a, b -> m');
    expect(step.fromRevisions).toEqual(['a', 'b']);
    expect(step.toRevisions).toEqual(['m']);
    expect(String(docs.planStamp('a', [])[0])).toBe('stamp_revision  -> a');
  });
});

describe('a branched path', () => {
  // a -> b -> c1 (c1branch) -> d1 ; b -> c2 (c2branch) -> d2
  const map = mapOf(
    rev('a'),
    rev('b', 'a'),
    rev('c1', 'b', { labels: 'c1branch' }),
    rev('d1', 'c1'),
    rev('c2', 'b', { labels: 'c2branch' }),
    rev('d2', 'c2'),
  );

  it('stamps down across branches to the branch point', () => {
    const steps = map.planStamp('b', ['d1', 'c2']);
    expect(steps).toHaveLength(1);
    expect(new HeadMaintainer(map, ['d1', 'c2']).apply(steps[0])).toEqual([
      { kind: 'delete', revision: 'd1' },
      { kind: 'update', from: 'c2', to: 'b' },
    ]);
  });

  it('stamps a labelled base by deleting that branch only', () => {
    const steps = map.planStamp('c1branch@base', ['d1', 'c2']);
    expect(steps).toHaveLength(1);
    expect(new HeadMaintainer(map, ['d1', 'c2']).apply(steps[0])).toEqual([
      { kind: 'delete', revision: 'd1' },
    ]);
  });

  it('stamps a labelled head moving only that branch', () => {
    const steps = map.planStamp('c2branch@head', ['d1', 'c2']);
    expect(steps).toHaveLength(1);
    expect(new HeadMaintainer(map, ['d1', 'c2']).apply(steps[0])).toEqual([
      { kind: 'update', from: 'c2', to: 'd2' },
    ]);
  });

  it('upgrades one branch or both', () => {
    expectUpgrade(map, 'd1', ['b'], ['c1', 'd1'], ['d1']);
    const steps = map.iterateRevisions(['d1', 'd2'], ['a'], { implicitBase: true }).reverse();
    expect(ids(steps)).toEqual(['b', 'c2', 'd2', 'c1', 'd1']);
  });

  it('downgrades both branches', () => {
    expectDowngrade(map, 'a', ['d1', 'd2'], ['d1', 'c1', 'd2', 'c2', 'b'], ['a']);
  });

  it('moves by relative amounts on a branch', () => {
    expectUpgrade(map, 'c2branch@head-1', ['b'], ['c2'], ['c2']);
    expectDowngrade(map, 'base+2', ['d2', 'd1'], ['d1', 'c1', 'd2', 'c2'], ['b']);
    expectDowngrade(map, 'c2branch@base+2', ['d2', 'd1'], ['d2', 'c2'], ['d1']);
    expectDowngrade(map, 'c2', ['d2', 'd1'], ['d2'], ['d1', 'c2']);
    expectDowngrade(map, 'c2branch@base+3', ['d2', 'd1'], ['d2'], ['d1', 'c2']);
  });

  it('downgrades -1 from the first of several heads, with a warning', () => {
    const fresh = () =>
      mapOf(
        rev('a'),
        rev('b', 'a'),
        rev('c1', 'b', { labels: 'c1branch' }),
        rev('d1', 'c1'),
        rev('c2', 'b', { labels: 'c2branch' }),
        rev('d2', 'c2'),
      );
    const cases: [string[], string, string[]][] = [
      [['d2', 'd1'], 'd2', ['d1', 'c2']],
      [['c2', 'd1'], 'c2', ['d1']],
      [['d1', 'd2'], 'd1', ['d2', 'c1']],
      [['c1', 'd2'], 'c1', ['d2']],
    ];
    for (const [source, dropped, heads] of cases) {
      const m = fresh();
      expectDowngrade(m, '-1', source, [dropped], heads);
      expect(m.warnings).toContain(
        'downgrade -1 from multiple heads is ambiguous; this usage will be disallowed in a future release.',
      );
      expect(m.takeWarnings()).toHaveLength(1);
      expect(m.warnings).toEqual([]);
    }
  });

  it('downgrades relative to a labelled or named branch', () => {
    expectDowngrade(map, 'c1branch@-1', ['d1', 'd2'], ['d1'], ['c1', 'd2']);
    expectDowngrade(map, 'd2-1', ['d2', 'c1'], ['d2'], ['c1', 'c2']);
    expectDowngrade(map, 'd2-1', ['c1', 'd2'], ['d2'], ['c1', 'c2']);
    expectDowngrade(map, 'c1branch@head-1', ['d1', 'd2'], ['d1'], ['c1', 'd2']);
  });

  it('downgrades a single branch to the branch point', () => {
    expectDowngrade(map, 'c1branch@b', ['c1', 'd2'], ['c1'], ['d2']);
    expectDowngrade(map, 'c2branch@b', ['c1', 'd2'], ['d2', 'c2'], ['c1']);
    expectDowngrade(map, 'c2@b', ['d1', 'd2'], ['d2', 'c2'], ['d1']);
    expectDowngrade(map, 'd1@b', ['d1', 'd2'], ['d1', 'c1'], ['d2']);
  });

  it('upgrades a branch by relative amounts', () => {
    expectUpgrade(map, 'c2branch@+1', ['c1'], ['c2'], ['c1', 'c2']);
    expectUpgrade(map, 'c2branch@+1', ['c1', 'c2'], ['d2'], ['c1', 'd2']);
    expect(() => map.planUpgrade('+1', ['c1', 'c2'])).toThrow(
      'Ambiguous upgrade from multiple current revisions',
    );
  });

  it('moves from and to base by one', () => {
    expectUpgrade(map, 'base+1', [], ['a'], ['a']);
    expectUpgrade(map, '+1', [], ['a'], ['a']);
    expectDowngrade(map, '-1', ['a'], ['a'], []);
    expect(() => map.planDowngrade('-1', [])).toThrow("Relative revision -1 didn't produce 1 migrations");
  });

  it('does nothing when downgrading to a current head', () => {
    expectDowngrade(map, 'c2', ['d1', 'c2'], [], ['d1', 'c2']);
    expectDowngrade(map, 'd1', ['d1', 'c2'], [], ['d1', 'c2']);
  });
});

describe('a branch from a merge point', () => {
  // a1 -> b1 -> c1 ; a2 -> b2 -> c2 ; (c1, c2) -> d1 ; c2 -> d2
  const map = mapOf(
    rev('a1'),
    rev('b1', 'a1'),
    rev('c1', 'b1'),
    rev('a2'),
    rev('b2', 'a2'),
    rev('c2', 'b2'),
    rev('d1', ['c1', 'c2']),
    rev('d2', 'c2'),
  );
  it('upgrades only one side of the merge', () => {
    expectUpgrade(map, 'd1', ['d2', 'b1'], ['c1', 'd1'], ['d2', 'd1']);
  });
  it('downgrades only one side of the merge', () => {
    expectDowngrade(map, 'b1', ['d2', 'd1'], ['d1', 'c1'], ['d2', 'b1']);
  });
});

describe('a branch from a three-way merge point', () => {
  const map = mapOf(
    rev('a1'),
    rev('b1', 'a1'),
    rev('c1', 'b1'),
    rev('a2'),
    rev('b2', 'a2'),
    rev('c2', 'b2'),
    rev('a3'),
    rev('b3', 'a3'),
    rev('c3', 'b3'),
    rev('d1', ['c1', 'c2', 'c3']),
    rev('d2', 'c2'),
    rev('d3', 'c3'),
  );
  it('moves one side', () => {
    expectUpgrade(map, 'd1', ['d3', 'd2', 'b1'], ['c1', 'd1'], ['d3', 'd2', 'd1']);
    expectDowngrade(map, 'b1', ['d3', 'd2', 'd1'], ['d1', 'c1'], ['d3', 'd2', 'b1']);
  });
  it('merges two sides and lets one break out again', () => {
    expectUpgrade(map, 'd1', ['d3', 'b2', 'b1'], ['c2', 'c1', 'd1'], ['d3', 'd1']);
    expectUpgrade(map, 'd2', ['d3', 'd1'], ['d2'], ['d3', 'd2', 'd1']);
  });
});

function runMaintainer(map: ReturnType<typeof mapOf>, start: string[], steps: [string, string[]][]) {
  const maintainer = new HeadMaintainer(map, start);
  for (const [id, expected] of steps) {
    const revision = map.getRevision(id);
    if (!revision) throw new Error(id);
    maintainer.apply(new RevisionStep(revision, true));
    expect([...maintainer.heads].sort()).toEqual([...expected].sort());
  }
}

describe('twin merges (#297)', () => {
  it('keeps one row per head through two merges of the same branches', () => {
    const map = mapOf(
      rev('a'),
      rev('b1', 'a'),
      rev('b2', 'a'),
      rev('b3', 'a'),
      rev('c1', ['b1', 'b2', 'b3']),
      rev('c2', ['b1', 'b2', 'b3']),
      rev('d1', 'c1'),
      rev('d2', 'c2'),
    );
    runMaintainer(
      map,
      ['a'],
      [
        ['b3', ['b3']],
        ['b1', ['b1', 'b3']],
        ['b2', ['b1', 'b2', 'b3']],
        ['c2', ['c2']],
        ['d2', ['d2']],
        ['c1', ['c1', 'd2']],
        ['d1', ['d1', 'd2']],
      ],
    );
  });

  it('handles merges that share only one parent', () => {
    const map = mapOf(
      rev('a'),
      rev('b1', 'a'),
      rev('b2', 'a'),
      rev('b3', 'a'),
      rev('c1', ['b1', 'b2']),
      rev('c2', ['b2', 'b3']),
      rev('d1', 'c1'),
      rev('d2', 'c2'),
    );
    runMaintainer(
      map,
      ['a'],
      [
        ['b2', ['b2']],
        ['b3', ['b2', 'b3']],
        ['c2', ['c2']],
        ['d2', ['d2']],
        ['b1', ['b1', 'd2']],
        ['c1', ['c1', 'd2']],
        ['d1', ['d1', 'd2']],
      ],
    );
  });
});

describe('depends_on across branches', () => {
  it('downgrades to a dependency and stamps across it', () => {
    const map = mapOf(
      rev('a1', null, { labels: ['lib1'] }),
      rev('b1', 'a1'),
      rev('c1', 'b1'),
      rev('a2'),
      rev('b2', 'a2'),
      rev('c2', 'b2', { deps: 'c1' }),
      rev('d1', 'c1'),
      rev('e1', 'd1'),
      rev('f1', 'e1'),
    );
    const maintainer = new HeadMaintainer(map, ['c2', 'd1']);
    const d1 = map.getRevision('d1');
    if (!d1) throw new Error('d1');
    maintainer.apply(new RevisionStep(d1, false));
    expect([...maintainer.heads]).toEqual(['c2']);
    expect(applySteps(map, ['e1', 'c2'], map.planStamp('b1', ['e1', 'c2']))).toEqual(['b1']);
  });

  it('handles the overmerge graph', () => {
    const map = mapOf(
      rev('a1'),
      rev('a2'),
      rev('a3'),
      rev('amerge', ['a1', 'a2', 'a3']),
      rev('b1'),
      rev('b2'),
      rev('bmerge', ['b1', 'b2']),
      rev('c1'),
      rev('c2'),
      rev('c3'),
      rev('cmerge', ['c1', 'c2', 'c3']),
      rev('d1', null, { deps: ['a3', 'b2', 'c1'] }),
    );
    expectDowngrade(
      map,
      'b2',
      ['amerge', 'bmerge', 'cmerge', 'd1'],
      ['bmerge'],
      ['amerge', 'b1', 'cmerge', 'd1'],
    );
    expectDowngrade(
      map,
      'd1@base',
      ['amerge', 'd1', 'b1', 'cmerge'],
      ['d1'],
      ['amerge', 'b1', 'b2', 'cmerge'],
    );
    const steps = map.planDowngrade('base', ['amerge', 'b1', 'b2', 'cmerge']);
    expect(new Set(stepNames(steps))).toEqual(
      new Set(['-amerge', '-a1', '-b1', '-b2', '-cmerge', '-c1', '-a2', '-a3', '-c2', '-c3']),
    );
    expect(applySteps(map, ['amerge', 'b1', 'b2', 'cmerge'], steps)).toEqual([]);
  });

  it('removes half of a criss-cross merge (#377)', () => {
    const map = mapOf(
      rev('a1'),
      rev('a2', 'a1'),
      rev('b1'),
      rev('b2', 'b1', { deps: 'a2' }),
      rev('b3', 'b2'),
      rev('a3', 'a2', { deps: 'b1' }),
    );
    expectDowngrade(map, 'b1', ['a3', 'b2'], ['b2'], ['a3']);
  });

  it('depends on its own down revision (#843)', () => {
    const map = mapOf(rev('a1'), rev('a2', 'a1', { deps: 'a1' }));
    expectUpgrade(map, 'a2', [], ['a1', 'a2'], ['a2']);
    expectDowngrade(map, 'a1', ['a2'], ['a2'], ['a1']);
  });

  it('normalizes repeated dependencies (#789)', () => {
    const map = mapOf(
      rev('a1'),
      rev('a2', 'a1'),
      rev('a3', 'a2'),
      rev('b1'),
      rev('b2', 'b1', { deps: 'a3' }),
      rev('b3', 'b2'),
      rev('b4', 'b3', { deps: 'a3' }),
    );
    expectDowngrade(map, 'b3', ['b4'], ['b4'], ['b3']);
  });

  it('merges a revision with its own dependency (#1373)', () => {
    const map = mapOf(rev('a1'), rev('b1', null, { deps: 'a1' }), rev('bmerge', ['a1', 'b1']));
    expectUpgrade(map, 'b1', ['a1'], ['b1'], ['b1']);
    expectUpgrade(map, 'bmerge', ['b1'], ['bmerge'], ['bmerge']);
    expectDowngrade(map, 'a1', ['bmerge'], ['bmerge'], ['b1']);
    expectDowngrade(map, 'b1', ['bmerge'], ['bmerge'], ['b1']);
  });

  it('depends on a branch label', () => {
    const map = mapOf(
      rev('a1', null, { labels: ['lib1'] }),
      rev('b1', 'a1'),
      rev('c1', 'b1', { labels: ['c1lib'] }),
      rev('a2'),
      rev('b2', 'a2'),
      rev('c2', 'b2', { deps: ['c1lib'] }),
      rev('d1', 'c1'),
      rev('e1', 'd1'),
      rev('f1', 'e1'),
    );
    expect(map.getRevision('c2')?.resolvedDependencies).toEqual(['c1']);
    expectUpgrade(map, 'c2', ['a2'], ['a1', 'b1', 'c1', 'b2', 'c2'], ['c2']);
  });

  it('downgrades a branch that depends on another, alone or with it', () => {
    const map = mapOf(
      rev('a'),
      rev('b', 'a'),
      rev('c1', 'b', { labels: 'c1branch' }),
      rev('d1', 'c1'),
      rev('c2', 'b', { labels: 'c2branch' }),
      rev('d2', 'c2', { deps: ['c1'] }),
    );
    expectDowngrade(map, 'c2branch@b', ['d1', 'd2'], ['d2', 'c2'], ['d1']);
    const steps = map.planDowngrade('c1branch@b', ['d1', 'd2']);
    const order = stepNames(steps);
    expect(new Set(order)).toEqual(new Set(['-c1', '-d1', '-d2']));
    expect(order.indexOf('-d1')).toBeLessThan(order.indexOf('-c1'));
    expect(order.indexOf('-d2')).toBeLessThan(order.indexOf('-c1'));
    expect(applySteps(map, ['d1', 'd2'], steps)).toEqual(['c2']);
  });
});

describe('a forest', () => {
  const map = mapOf(rev('a1'), rev('b1', 'a1'), rev('a2'), rev('b2', 'a2'));
  it('upgrades the later tree first', () => {
    expect(stepNames(map.planUpgrade('heads', []))).toEqual(['+a2', '+b2', '+a1', '+b1']);
  });
  it('stamps heads with one insert per tree, or nothing when current', () => {
    const steps = map.planStamp('heads', []);
    expect(steps.map((s) => s.toRevisions)).toEqual([['b1'], ['b2']]);
    expect(applySteps(map, [], steps)).toEqual(['b1', 'b2']);
    expect(map.planStamp('heads', ['b1', 'b2'])).toEqual([]);
  });
});

describe('a merged path', () => {
  // a -> b -> c1 -> d1 ; b -> c2 (c2branch) -> d2 ; (d1, d2) -> e -> f
  const map = mapOf(
    rev('a'),
    rev('b', 'a'),
    rev('c1', 'b'),
    rev('d1', 'c1'),
    rev('c2', 'b', { labels: 'c2branch' }),
    rev('d2', 'c2'),
    rev('e', ['d1', 'd2']),
    rev('f', 'e'),
  );
  const stamp = (dest: string, heads: string[]) => {
    const steps = map.planStamp(dest, heads);
    expect(steps).toHaveLength(1);
    return new HeadMaintainer(map, heads).apply(steps[0]);
  };

  it('stamps down across the merge', () => {
    expect(stamp('c2', ['e'])).toEqual([{ kind: 'update', from: 'e', to: 'c2' }]);
    expect(stamp('a', ['e'])).toEqual([{ kind: 'update', from: 'e', to: 'a' }]);
  });

  it('stamps up across the merge', () => {
    expect(stamp('e', ['c2'])).toEqual([{ kind: 'update', from: 'c2', to: 'e' }]);
    expect(stamp('c2branch@head', ['d1', 'c2'])).toEqual([
      { kind: 'delete', revision: 'd1' },
      { kind: 'update', from: 'c2', to: 'f' },
    ]);
    expect(stamp('e', ['d1', 'c2'])).toEqual([
      { kind: 'delete', revision: 'd1' },
      { kind: 'update', from: 'c2', to: 'e' },
    ]);
    expect(stamp('e', ['b'])).toEqual([{ kind: 'update', from: 'b', to: 'e' }]);
  });

  it('upgrades and downgrades across the merge point', () => {
    const up = map.planUpgrade('f', ['b']);
    expect(stepNames(up)).toEqual(['+c2', '+d2', '+c1', '+d1', '+e', '+f']);
    const maintainer = new HeadMaintainer(map, ['b']);
    const actions = up.map((s) => maintainer.apply(s));
    expect(actions).toEqual([
      [{ kind: 'update', from: 'b', to: 'c2' }],
      [{ kind: 'update', from: 'c2', to: 'd2' }],
      [{ kind: 'insert', revision: 'c1' }],
      [{ kind: 'update', from: 'c1', to: 'd1' }],
      [
        { kind: 'delete', revision: 'd1' },
        { kind: 'update', from: 'd2', to: 'e' },
      ],
      [{ kind: 'update', from: 'e', to: 'f' }],
    ]);
    const down = map.planDowngrade('b', ['f']);
    expect(stepNames(down)).toEqual(['-f', '-e', '-d1', '-c1', '-d2', '-c2']);
    const actionsDown = down.map((s) => maintainer.apply(s));
    expect(actionsDown[1]).toEqual([
      { kind: 'insert', revision: 'd1' },
      { kind: 'update', from: 'e', to: 'd2' },
    ]);
    expect([...maintainer.heads]).toEqual(['b']);
  });
});
