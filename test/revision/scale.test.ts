import { describe, expect, it } from 'vitest';
import { HeadMaintainer, Revision, RevisionMap } from '../../src/revision/index.js';

const id = (i: number) => `r${i.toString(16).padStart(11, '0')}`;

function chain(
  n: number,
  extra: (i: number) => Partial<ConstructorParameters<typeof Revision>[0]> = () => ({}),
) {
  return new RevisionMap(
    Array.from(
      { length: n },
      (_, i) => new Revision({ revision: id(i), downRevision: i ? id(i - 1) : null, ...extra(i) }),
    ),
  );
}

describe('deep histories', () => {
  it('handles a 10,000-revision line without deep recursion', () => {
    const map = chain(10_000, (i) => (i === 0 ? { branchLabels: 'main' } : {}));
    expect(map.heads).toEqual([id(9999)]);
    expect(map.getRevision(id(9999))?.branchLabels.has('main')).toBe(true);
    const up = map.planUpgrade('heads', []);
    expect(up).toHaveLength(10_000);
    expect(up[0].revision.revision).toBe(id(0));
    const maintainer = new HeadMaintainer(map, []);
    for (const step of up) maintainer.apply(step);
    expect([...maintainer.heads]).toEqual([id(9999)]);
    const down = map.planDowngrade('base', [id(9999)]);
    expect(down).toHaveLength(10_000);
    expect(map.planUpgrade('base+5000', []).at(-1)?.revision.revision).toBe(id(4999));
    expect(map.planDowngrade('-9000', [id(9999)])).toHaveLength(9000);
    expect(map.walkRevisions()).toHaveLength(10_000);
    expect(map.currentRevisions([id(9999)]).map((r) => r.revision)).toEqual([id(9999)]);
    expect(map.planStamp('main@head', [id(3)])[0]?.toRevisions).toEqual([id(9999)]);
  });

  it('handles many dependencies along a long line', () => {
    const map = chain(3000, (i) => (i > 10 && i % 3 === 0 ? { dependsOn: id(i - 7) } : {}));
    expect(map.planUpgrade('heads', [])).toHaveLength(3000);
  });
});
