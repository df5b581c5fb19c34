import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HeadMaintainer, type MigrationStep, Revision, RevisionMap } from '../../src/revision/index.js';

interface Node {
  down: number[];
  deps: number[];
}

/** Random DAG: each revision points at up to two earlier ones, maybe depends on one more. */
const dagArb = fc
  .integer({ min: 1, max: 14 })
  .chain((n) =>
    fc.tuple(
      fc.tuple(
        ...Array.from({ length: n }, (_, i) =>
          fc.record({
            down:
              i === 0
                ? fc.constant([])
                : fc.uniqueArray(fc.integer({ min: 0, max: i - 1 }), { maxLength: 2 }),
            deps:
              i === 0
                ? fc.constant([])
                : fc.uniqueArray(fc.integer({ min: 0, max: i - 1 }), { maxLength: 1 }),
          }),
        ),
      ),
      fc.shuffledSubarray(
        Array.from({ length: n }, (_, i) => i),
        { minLength: n, maxLength: n },
      ),
    ),
  )
  .map(([nodes, order]) => ({ nodes: withoutRedundantParents(nodes as Node[]), order }));

/**
 * Drops parents that are already ancestors of another parent: Alembic itself cannot keep
 * its version table straight for such merges, so they are not part of the contract.
 */
function withoutRedundantParents(nodes: Node[]): Node[] {
  const ancestors: Set<number>[] = [];
  const out: Node[] = [];
  nodes.forEach((node, i) => {
    const parents = [...node.down, ...node.deps.filter((d) => !node.down.includes(d))];
    const keep = (p: number) => !parents.some((q) => q !== p && ancestors[q].has(p));
    const down = node.down.filter(keep);
    const deps = node.deps.filter((d) => !node.down.includes(d) && keep(d));
    const mine = new Set<number>([i]);
    for (const p of [...down, ...deps]) for (const a of ancestors[p]) mine.add(a);
    ancestors.push(mine);
    out.push({ down, deps });
  });
  return out;
}

const name = (i: number) => `rev${i}`;

function build({ nodes, order }: { nodes: Node[]; order: number[] }): RevisionMap {
  return new RevisionMap(
    order.map((i) => {
      const node = nodes[i];
      return new Revision({
        revision: name(i),
        downRevision: node.down.map(name),
        dependsOn: node.deps.filter((d) => !node.down.includes(d)).map(name),
      });
    }),
  );
}

function run(map: RevisionMap, heads: readonly string[], steps: readonly MigrationStep[]): string[] {
  const maintainer = new HeadMaintainer(map, heads);
  for (const step of steps) maintainer.apply(step);
  return [...maintainer.heads].sort();
}

/** The rows a version table must hold once exactly `applied` is applied. */
function expectedRows(map: RevisionMap, applied: Set<string>): string[] {
  const implied = new Set<string>();
  for (const id of applied) for (const d of map.byId(id)?.normalizedDownRevisions ?? []) implied.add(d);
  return [...applied].filter((id) => !implied.has(id)).sort();
}

const runs = Number(process.env.FUZZ_RUNS ?? 200);

describe('random graphs', () => {
  it('plans a full upgrade as a topological order of every revision', () => {
    fc.assert(
      fc.property(dagArb, (dag) => {
        const map = build(dag);
        const steps = map.planUpgrade('heads', []);
        const order = steps.map((s) => (s.isStamp ? '' : s.revision.revision));
        expect(new Set(order).size).toBe(order.length);
        expect([...order].sort()).toEqual(map.revisions.map((r) => r.revision).sort());
        const position = new Map(order.map((id, i) => [id, i]));
        for (const rev of map.revisions) {
          for (const parent of rev.allDownRevisions) {
            expect(position.get(parent) ?? -1).toBeLessThan(position.get(rev.revision) ?? -1);
          }
        }
      }),
      { numRuns: runs },
    );
  });

  it('keeps one version row per applied branch head while upgrading', () => {
    fc.assert(
      fc.property(dagArb, fc.nat(), (dag, pick) => {
        const map = build(dag);
        const target = map.revisions[pick % map.size].revision;
        const steps = map.planUpgrade(target, []);
        const maintainer = new HeadMaintainer(map, []);
        const applied = new Set<string>();
        for (const step of steps) {
          maintainer.apply(step);
          if (!step.isStamp) applied.add(step.revision.revision);
          expect([...maintainer.heads].sort()).toEqual(expectedRows(map, applied));
        }
        const ancestors = new Set(map.ancestorsOf([map.byId(target) as Revision]).map((r) => r.revision));
        expect(applied).toEqual(ancestors);
      }),
      { numRuns: runs },
    );
  });

  it('returns to an empty table when downgrading to base after any upgrade', () => {
    fc.assert(
      fc.property(dagArb, fc.nat(), (dag, pick) => {
        const map = build(dag);
        const target = map.revisions[pick % map.size].revision;
        const partial = run(map, [], map.planUpgrade(target, []));
        const full = run(map, partial, map.planUpgrade('heads', partial));
        expect(full).toEqual([...map.realHeads].sort());
        const down = map.planDowngrade('base', full);
        expect(down.map((s) => (s.isStamp ? '' : s.revision.revision)).sort()).toEqual(
          map.revisions.map((r) => r.revision).sort(),
        );
        expect(run(map, full, down)).toEqual([]);
        expect(run(map, partial, map.planDowngrade('base', partial))).toEqual([]);
      }),
      { numRuns: runs },
    );
  });

  it('downgrades back to an earlier revision of a straight line of history', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.nat(), fc.nat(), (n, a, b) => {
        const map = build({
          nodes: Array.from({ length: n }, (_, i) => ({ down: i ? [i - 1] : [], deps: [] })),
          order: [...Array(n).keys()],
        });
        const [lo, hi] = [a % n, b % n].sort((x, y) => x - y);
        const start = run(map, [], map.planUpgrade(name(lo), []));
        const up = run(map, start, map.planUpgrade(name(hi), start));
        expect(up).toEqual([name(hi)]);
        expect(run(map, up, map.planDowngrade(name(lo), up))).toEqual(start);
      }),
      { numRuns: runs },
    );
  });

  it('stamps heads from empty to the same rows as upgrading to heads', () => {
    fc.assert(
      fc.property(dagArb, (dag) => {
        const map = build(dag);
        const upgraded = run(map, [], map.planUpgrade('heads', []));
        expect(run(map, [], map.planStamp('heads', []))).toEqual(upgraded);
        expect(map.planStamp('heads', upgraded)).toEqual([]);
        expect(run(map, upgraded, map.planStamp('base', upgraded))).toEqual([]);
      }),
      { numRuns: runs },
    );
  });

  it('reports the applied branch heads as current', () => {
    fc.assert(
      fc.property(dagArb, fc.nat(), (dag, pick) => {
        const map = build(dag);
        const target = map.revisions[pick % map.size].revision;
        const rows = run(map, [], map.planUpgrade(target, []));
        const current = map.currentRevisions(rows).map((r) => r.revision);
        for (const row of rows)
          expect(map.ancestorsOf(map.currentRevisions(rows)).map((r) => r.revision)).toContain(row);
        expect(new Set(current).size).toBe(current.length);
      }),
      { numRuns: runs },
    );
  });
});
