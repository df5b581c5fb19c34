/**
 * Fuzzing the revision graph: random histories (duplicates, cycles, dangling parents,
 * labels, dependencies) and random identifiers, ranges and plans against them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HeadMaintainer, Revision, RevisionMap } from '../../src/revision/index.js';
import { attempt, RUNS, TIMEOUT } from './support.js';

const IDS = ['a1', 'a2', 'b1', 'b2', 'c1', 'c2', 'ab', 'ff', 'x'];
const LABELS = ['main', 'feat', 'x'];

const spec = fc.record({
  revision: fc.oneof(fc.constantFrom(...IDS), fc.string({ maxLength: 5 })),
  downRevision: fc.oneof(
    fc.constant(null),
    fc.constantFrom(...IDS),
    fc.array(fc.constantFrom(...IDS), { maxLength: 3 }),
  ),
  branchLabels: fc.oneof(fc.constant(null), fc.array(fc.constantFrom(...LABELS), { maxLength: 2 })),
  dependsOn: fc.oneof(fc.constant(null), fc.array(fc.constantFrom(...IDS, ...LABELS), { maxLength: 2 })),
});

/** A consistent chain-with-branches graph (always loads), to aim identifiers at. */
const dag = fc
  .array(fc.tuple(fc.nat(), fc.boolean(), fc.boolean()), { minLength: 1, maxLength: 10 })
  .map((shape) => {
    const out: Revision[] = [];
    shape.forEach(([parent, merge, label], i) => {
      const ids = out.map((r) => r.revision);
      const down =
        i === 0
          ? null
          : merge && i > 1
            ? [ids[parent % i], ids[(parent + 1) % i]].filter((v, k, a) => a.indexOf(v) === k)
            : ids[parent % i];
      out.push(
        new Revision({
          revision: `r${i}${'abc'[i % 3]}`,
          downRevision: down,
          branchLabels: label && i % 4 === 0 ? [`l${i}`] : null,
        }),
      );
    });
    return out;
  });

const ident = fc.oneof(
  fc.constantFrom(
    'head',
    'heads',
    'base',
    'current',
    '',
    'r',
    'r0',
    'r1b',
    'r2c',
    'l0@head',
    'l4@base',
    'l0@+1',
    'head-1',
    '+1',
    '-1',
    '+99',
    '-99',
    'r1b+2',
    'r1b-1',
    'r0a@l0',
    'nope@head',
    '@',
    '@@',
    ':',
    'heads+1',
    'base+1',
    'x@-1',
  ),
  fc
    .tuple(
      fc.constantFrom('r0a', 'r1b', 'r3a', 'head', 'base', 'l0@head'),
      fc.constantFrom('+', '-'),
      fc.integer({ min: -3, max: 12 }),
    )
    .map(([a, s, n]) => `${a}${s}${n}`),
  fc.string({ maxLength: 8 }),
);

describe('revision map fuzz', () => {
  it(
    'random histories load or fail with a clean error; heads and plans never crash',
    () => {
      fc.assert(
        fc.property(
          fc.array(spec, { maxLength: 8 }),
          fc.constantFrom('heads', 'base', 'a1', 'b2', '+1', '-1'),
          (specs, target) => {
            const built = attempt(() => {
              const map = new RevisionMap(specs.map((s) => new Revision(s)));
              void map.heads;
              void map.bases;
              return map;
            });
            if (!built.ok) return;
            const map = built.value;
            attempt(() => map.walkRevisions());
            attempt(() => map.planUpgrade(target, []));
            attempt(() => map.planDowngrade(target, [...map.heads]));
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'identifiers, relative targets and ranges resolve or fail cleanly',
    () => {
      fc.assert(
        fc.property(dag, ident, ident, fc.nat(), (revs, a, b, pick) => {
          const map = new RevisionMap(revs);
          const all = map.revisions.map((r) => r.revision);
          const current = pick % 3 === 0 ? [] : [all[pick % all.length]];
          const got = attempt(() => map.getRevisions(a));
          if (got.ok) for (const r of got.value) expect(all).toContain(r?.revision);
          attempt(() => map.walkRevisions(a || 'base', b || 'heads'));
          for (const plan of [() => map.planUpgrade(a, current), () => map.planDowngrade(a, current)]) {
            const r = attempt(plan);
            if (!r.ok) continue;
            // A plan applies cleanly to the rows it was planned from, and ends on real revisions.
            const hm = new HeadMaintainer(map, current);
            const applied = attempt(() => {
              for (const step of r.value) hm.apply(step);
            });
            if (applied.ok) for (const h of hm.heads) expect(all).toContain(h);
          }
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
});
