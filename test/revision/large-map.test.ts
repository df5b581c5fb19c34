import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HeadMaintainer, Revision, RevisionMap } from '../../src/revision/index.js';

/** Alembic's 142-revision test graph with its heads-to-base order (taken from Alembic). */
const fixture = JSON.parse(readFileSync(new URL('./large-map.fixture.json', import.meta.url), 'utf8')) as {
  graph: [string, string[] | null][];
  headsToBase: string[];
  upgradeHeads: string[];
};

const build = () =>
  new RevisionMap(fixture.graph.map(([revision, down]) => new Revision({ revision, downRevision: down })));

describe("Alembic's large test map", () => {
  it('iterates heads to base in exactly Alembic order', () => {
    const map = build();
    expect(map.iterateRevisions('heads', 'base').map((r) => r.revision)).toEqual(fixture.headsToBase);
  });

  it('never puts a revision before one of its descendants', () => {
    const map = build();
    const revs = map.iterateRevisions('heads', 'base');
    expect(new Set(revs)).toEqual(new Set(map.revisions));
    revs.forEach((rev, i) => {
      const ancestors = new Set(map.ancestorsOf([rev]).filter((r) => r !== rev));
      const descendants = new Set(map.descendantsOf([rev]).filter((r) => r !== rev));
      for (const a of ancestors) expect(descendants.has(a)).toBe(false);
      const remaining = revs.slice(i + 1);
      if (remaining.length > 0 && ancestors.size > 0)
        expect(remaining.some((r) => ancestors.has(r))).toBe(true);
    });
  });

  it('upgrades to one row and downgrades back to none', () => {
    const map = build();
    const maintainer = new HeadMaintainer(map, []);
    for (const step of map.planUpgrade('heads', [])) maintainer.apply(step);
    expect([...maintainer.heads]).toEqual(fixture.upgradeHeads);
    const down = map.planDowngrade('base', [...maintainer.heads]);
    expect(down.map((s) => s.revision.revision)).toEqual(fixture.headsToBase);
    for (const step of down) maintainer.apply(step);
    expect([...maintainer.heads]).toEqual([]);
  });
});
