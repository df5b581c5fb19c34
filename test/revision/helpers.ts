import { expect } from 'vitest';
import {
  HeadMaintainer,
  type IterateOptions,
  type MigrationStep,
  Revision,
  type RevisionIdentifier,
  RevisionMap,
} from '../../src/revision/index.js';

type Ids = string | readonly string[] | null;

/** `rev('b', 'a', { labels: 'x', deps: 'c' })` */
export function rev(id: string, down: Ids = null, opts: { labels?: Ids; deps?: Ids; message?: string } = {}) {
  return new Revision({
    revision: id,
    downRevision: down,
    branchLabels: opts.labels ?? null,
    dependsOn: opts.deps ?? null,
    message: opts.message ?? null,
  });
}

export function mapOf(...revisions: Revision[]): RevisionMap {
  return new RevisionMap(revisions);
}

export function ids(revs: Iterable<{ revision: string }>): string[] {
  return [...revs].map((r) => r.revision);
}

/** Iterates and checks the result both equals `expected` and respects every edge. */
export function expectIteration(
  map: RevisionMap,
  upper: RevisionIdentifier,
  lower: RevisionIdentifier,
  expected: string[],
  options: IterateOptions = {},
): void {
  const result = ids(map.iterateRevisions(upper, lower, { inclusive: true, ...options }));
  expect(result).toEqual(expected);
  const position = new Map([...result].reverse().map((id, i) => [id, i]));
  for (const child of map.revisions) {
    for (const parent of child.normalizedDownRevisions) {
      const p = position.get(parent);
      const c = position.get(child.revision);
      if (p !== undefined && c !== undefined) expect(p).toBeLessThan(c);
    }
  }
}

/** What a step list looks like: `['+a', '+b', '-c']` for upgrade a, b, downgrade c. */
export function stepNames(steps: readonly MigrationStep[]): string[] {
  return steps.map((s) => (s.isStamp ? String(s) : `${s.isUpgrade ? '+' : '-'}${s.revision.revision}`));
}

/** Runs steps through a HeadMaintainer starting at `heads`; returns the final rows, sorted. */
export function applySteps(
  map: RevisionMap,
  heads: readonly string[],
  steps: readonly MigrationStep[],
): string[] {
  const maintainer = new HeadMaintainer(map, heads);
  for (const step of steps) maintainer.apply(step);
  return [...maintainer.heads].sort();
}

export function expectUpgrade(
  map: RevisionMap,
  destination: string,
  source: readonly string[],
  expected: string[],
  expectedHeads: string[],
): void {
  const steps = map.planUpgrade(destination, source);
  expect(stepNames(steps)).toEqual(expected.map((e) => `+${e}`));
  expect(applySteps(map, source, steps)).toEqual([...expectedHeads].sort());
}

export function expectDowngrade(
  map: RevisionMap,
  destination: string | null,
  source: readonly string[],
  expected: string[],
  expectedHeads: string[],
): void {
  const steps = map.planDowngrade(destination, source);
  expect(stepNames(steps)).toEqual(expected.map((e) => `-${e}`));
  expect(applySteps(map, source, steps)).toEqual([...expectedHeads].sort());
}
