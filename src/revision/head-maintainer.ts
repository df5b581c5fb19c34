import { RevisionError } from './errors.js';
import type { Revision } from './revision.js';
import type { RevisionMap } from './revision-map.js';
import type { MigrationStep, RevisionStep, StampStep } from './steps.js';

/** One change to the version table, in the order it must run. */
export type VersionAction =
  | { kind: 'insert'; revision: string }
  | { kind: 'update'; from: string; to: string }
  | { kind: 'delete'; revision: string };

/**
 * Tracks the version table's rows (one per head) while steps run, and says which
 * rows each step inserts, updates or deletes (Alembic's `HeadMaintainer`).
 *
 * @example
 * const maintainer = new HeadMaintainer(map, []);
 * for (const step of map.planUpgrade('heads', [])) maintainer.apply(step);
 * [...maintainer.heads]; // the heads after the upgrade
 */
export class HeadMaintainer<R extends Revision = Revision> {
  readonly #map: RevisionMap<R>;
  readonly #heads: Set<string>;

  constructor(map: RevisionMap<R>, heads: Iterable<string>) {
    this.#map = map;
    this.#heads = new Set(heads);
  }

  /** The rows the version table holds now. */
  get heads(): ReadonlySet<string> {
    return this.#heads;
  }

  /** Records `step` and returns the row changes it needs, in order. */
  apply(step: MigrationStep<R>): VersionAction[] {
    const actions: VersionAction[] = [];
    const plan = step.isStamp ? this.#stampPlan(step) : this.#revisionPlan(step);
    for (const action of plan) {
      this.#record(action);
      actions.push(action);
    }
    return actions;
  }

  #record(action: VersionAction): void {
    const heads = this.#heads;
    if (action.kind === 'insert') {
      if (heads.has(action.revision)) {
        throw new RevisionError(`Version ${action.revision} is already present in the version table`);
      }
      heads.add(action.revision);
    } else if (action.kind === 'delete') {
      if (!heads.delete(action.revision)) {
        throw new RevisionError(`Version ${action.revision} is not present in the version table`);
      }
    } else {
      if (heads.has(action.to)) {
        throw new RevisionError(`Version ${action.to} is already present in the version table`);
      }
      if (!heads.delete(action.from)) {
        throw new RevisionError(`Version ${action.from} is not present in the version table`);
      }
      heads.add(action.to);
    }
  }

  /** Probes answering "is this an ancestor of that head?", kept per head: the graph never changes. */
  readonly #probes = new Map<R, { has(rev: R): boolean }>();

  #probe(rev: R): { has(rev: R): boolean } {
    let probe = this.#probes.get(rev);
    if (!probe) {
      probe = this.#map.ancestorProbe(rev);
      this.#probes.set(rev, probe);
    }
    return probe;
  }

  /** `ids` minus those that are ancestors of (or equal to) one of the `other` rows. */
  #notImpliedBy(ids: readonly string[], other: readonly string[]): string[] {
    const others = this.#map.getRevisions(other);
    return ids.filter((id) => {
      const rev = this.#map.byId(id);
      return !(rev && others.some((o) => this.#probe(o).has(rev)));
    });
  }

  /** Where an unmerge lands: the down revisions not already implied by another row. */
  #unmergeTargets(step: RevisionStep<R>): string[] {
    const self = step.revision.revision;
    const to = step.toRevisions;
    const others = [...this.#heads].filter((h) => h !== self);
    if (others.length > 0) return this.#notImpliedBy(to, others);
    // no other rows: drop targets that lie below another target
    const targets = to.map((id) => this.#map.getRevisions([id]));
    return to.filter((id) => {
      const rev = this.#map.byId(id);
      return !(rev && targets.some((list, i) => to[i] !== id && list.some((t) => this.#probe(t).has(rev))));
    });
  }

  #revisionPlan(step: RevisionStep<R>): VersionAction[] {
    const heads = this.#heads;
    const rev = step.revision.revision;
    const down = step.revision.normalizedDownRevisions;
    if (!step.isUpgrade && heads.has(rev) && (down.length === 0 || this.#unmergeTargets(step).length === 0)) {
      return [{ kind: 'delete', revision: rev }];
    }
    const presentDown = down.filter((d) => heads.has(d));
    if (step.isUpgrade && (down.length === 0 || presentDown.length === 0)) {
      return [{ kind: 'insert', revision: rev }];
    }
    if (step.isUpgrade && down.length > 1 && presentDown.length > 1) {
      const others = [...heads].filter((h) => !down.includes(h));
      const from = others.length > 0 ? this.#notImpliedBy(down, others) : [...down];
      const last = from[from.length - 1];
      return [
        ...from.slice(0, -1).map((id): VersionAction => ({ kind: 'delete', revision: id })),
        { kind: 'update', from: last, to: rev },
      ];
    }
    if (!step.isUpgrade && heads.has(rev) && down.length > 1) {
      const to = this.#unmergeTargets(step);
      return [
        ...to.slice(0, -1).map((id): VersionAction => ({ kind: 'insert', revision: id })),
        { kind: 'update', from: rev, to: to[to.length - 1] },
      ];
    }
    let downRev: string;
    if (down.length === 1) {
      downRev = down[0];
    } else {
      if (presentDown.length !== 1) {
        throw new RevisionError(`Can't do an UPDATE for ${rev} because its down revision is ambiguous`);
      }
      downRev = presentDown[0];
    }
    return step.isUpgrade
      ? [{ kind: 'update', from: downRev, to: rev }]
      : [{ kind: 'update', from: rev, to: downRev }];
  }

  #stampPlan(step: StampStep<R>): VersionAction[] {
    const heads = this.#heads;
    const from = step.fromRevisions;
    const to = step.toRevisions;
    if (!step.isUpgrade && step.branchMove) {
      return [{ kind: 'delete', revision: single(from, 'from') }];
    }
    if (
      step.isUpgrade &&
      (step.branchMove || from.some((id) => !heads.has(id))) &&
      to.some((id) => !heads.has(id))
    ) {
      return [{ kind: 'insert', revision: single(to, 'to') }];
    }
    if (from.length > 1) {
      return [
        ...from.slice(0, -1).map((id): VersionAction => ({ kind: 'delete', revision: id })),
        { kind: 'update', from: from[from.length - 1], to: to[0] },
      ];
    }
    if (to.length > 1) {
      return [
        ...to.slice(0, -1).map((id): VersionAction => ({ kind: 'insert', revision: id })),
        { kind: 'update', from: from[0], to: to[to.length - 1] },
      ];
    }
    return [{ kind: 'update', from: single(from, 'from'), to: single(to, 'to') }];
  }
}

function single(ids: readonly string[], side: string): string {
  if (ids.length !== 1) throw new RevisionError(`Stamp step needs exactly one ${side} revision`);
  return ids[0];
}
