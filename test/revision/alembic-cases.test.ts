import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HeadMaintainer, Revision, RevisionMap } from '../../src/revision/index.js';

/**
 * Random histories with the answers Alembic 1.19 gave for them (recorded by running
 * Alembic's RevisionMap, HeadMaintainer and ScriptDirectory plan functions). `error: true`
 * marks cases where Alembic failed an internal assertion: retort must fail there too.
 */
interface Case {
  graph: { id: string; down?: string[] | null; deps?: string[] | null; labels?: string[] | null }[];
  build?: string;
  checks: { q: Query; ok?: unknown; error?: string | true }[];
}
type Query =
  | { op: 'get'; id: string }
  | {
      op: 'iterate';
      upper: string | string[];
      lower: string | string[];
      opts: Record<string, boolean | undefined>;
    }
  | { op: 'upgrade' | 'downgrade' | 'stamp'; dest: string | string[]; heads: string[] }
  | { op: 'current'; heads: string[] };

const cases = JSON.parse(
  readFileSync(new URL('./alembic-cases.fixture.json', import.meta.url), 'utf8'),
) as Case[];

function answer(map: RevisionMap, q: Query): unknown {
  switch (q.op) {
    case 'get':
      return map.getRevision(q.id)?.revision ?? null;
    case 'iterate':
      return map
        .iterateRevisions(q.upper, q.lower, {
          inclusive: q.opts.inclusive,
          implicitBase: q.opts.implicit_base,
          selectForDowngrade: q.opts.select_for_downgrade,
          assertRelativeLength: q.opts.assert_relative_length,
        })
        .map((r) => r.revision);
    case 'current':
      return map
        .currentRevisions(q.heads)
        .map((r) => r.revision)
        .sort();
    default: {
      const dest = q.dest as string;
      const steps =
        q.op === 'upgrade'
          ? map.planUpgrade(dest, q.heads)
          : q.op === 'downgrade'
            ? map.planDowngrade(dest, q.heads)
            : map.planStamp(q.dest, q.heads);
      const maintainer = new HeadMaintainer(map, q.heads);
      const actions = steps.map((s) => {
        maintainer.apply(s);
        return [...maintainer.heads].sort();
      });
      return { steps: steps.map((s) => s.shortLog), heads: [...maintainer.heads].sort(), actions };
    }
  }
}

describe('recorded Alembic answers on random histories', () => {
  cases.forEach((c, n) => {
    it(`history #${n} (${c.graph.length} revisions, ${c.checks.length} questions)`, () => {
      const map = new RevisionMap(
        c.graph.map(
          (g) =>
            new Revision({
              revision: g.id,
              downRevision: g.down ?? null,
              dependsOn: g.deps ?? null,
              branchLabels: g.labels ?? null,
            }),
        ),
      );
      if (c.build) {
        expect(() => map.heads).toThrow(c.build);
        return;
      }
      for (const check of c.checks) {
        const label = JSON.stringify(check.q);
        if (check.error !== undefined) {
          let thrown: unknown = null;
          try {
            answer(map, check.q);
          } catch (err) {
            thrown = err;
          }
          expect(thrown, label).toBeInstanceOf(Error);
          if (check.error !== true) expect((thrown as Error).message, label).toBe(check.error);
        } else {
          expect(answer(map, check.q), label).toEqual(check.ok);
        }
      }
    });
  });
});
