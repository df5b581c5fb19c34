import {
  CycleDetected,
  DependencyCycleDetected,
  MultipleHeads,
  RangeNotAncestorError,
  ResolutionError,
  RevisionError,
} from './errors.js';
import { AncestorProbe } from './ancestor-probe.js';
import { pyRepr, pyStr } from './py-format.js';
import { links, type Revision, UNLINKED } from './revision.js';
import { RevisionStep, StampStep } from './steps.js';

/** An identifier argument: one string (symbol, id, label, relative form), several, or none. */
export type RevisionIdentifier = string | readonly (string | null)[] | null;

/** A resolved node: a revision, `null` (no revision / over-walk) or the `'base'` marker of a walk. */
type Node<R> = R | null | 'base';

/** Options of {@link RevisionMap.iterateRevisions}, as Alembic's `iterate_revisions`. */
export interface IterateOptions {
  /** Also yield revisions of other branches below `upper` (upgrade plans use this). */
  implicitBase?: boolean;
  /** Include the `lower` revision(s) themselves. */
  inclusive?: boolean;
  /** Raise when a relative identifier walks past the graph (false clamps instead). */
  assertRelativeLength?: boolean;
  /** Collect what a downgrade from `upper` to `lower` drops. */
  selectForDowngrade?: boolean;
}

const RELATIVE = /^(?:(.+?)@)?([\p{L}\p{N}_]+)?([+-]\d+)/u;
const PY_INT = /^\s*[+-]?\d+\s*$/;

function dedupe(items: Iterable<string>): string[] {
  return [...new Set(items)];
}

function isRev<R extends Revision>(node: unknown): node is R {
  return node !== null && typeof node === 'object';
}

function requireRev<R extends Revision>(node: Node<R>): R {
  if (!isRev<R>(node)) throw new RevisionError('Walked too far');
  return node;
}

/**
 * The revision graph (Alembic's `RevisionMap`): resolves identifiers, orders revisions
 * and plans upgrades, downgrades and stamps. Pure; built lazily on first use from the
 * revisions in load order (the order breaks ties exactly as Alembic's does).
 *
 * Where Alembic's answer depends on Python set iteration order (a revision with two or
 * more `depends_on`, the row order inside a merge or unmerge, which revision an overlap
 * error names first) Alembic itself varies from run to run; retort uses declared order.
 *
 * @example
 * const map = new RevisionMap([
 *   new Revision({ revision: 'a' }),
 *   new Revision({ revision: 'b', downRevision: 'a' }),
 * ]);
 * map.heads; // ['b']
 * map.planUpgrade('heads', []).map(String); // ['upgrade  -> a', 'upgrade a -> b']
 */
export class RevisionMap<R extends Revision = Revision> {
  #source: Iterable<R> | null;
  #built = false;
  /** revision ids in load order, then branch labels */
  #keys = new Map<string, R>();
  #byId = new Map<string, R>();
  #order = new Map<string, number>();
  #heads: readonly string[] = [];
  #realHeads: readonly string[] = [];
  #bases: readonly string[] = [];
  #realBases: readonly string[] = [];
  #warnings: string[] = [];
  #failure: { error: unknown } | null = null;

  /** @param revisions the revisions in load order */
  constructor(revisions: Iterable<R>) {
    this.#source = revisions;
  }

  /** Warnings collected while building and planning (duplicate ids, ambiguous `-N`). */
  get warnings(): readonly string[] {
    this.#ensure();
    return this.#warnings;
  }

  /**
   * Returns the warnings collected so far and forgets them, so a command can print the
   * ones its own plan raised (e.g. Alembic's `downgrade -1 from multiple heads` warning).
   */
  takeWarnings(): string[] {
    this.#ensure();
    return this.#warnings.splice(0);
  }

  /** Revisions nothing points to by down revision, in load order (includes effective heads). */
  get heads(): readonly string[] {
    this.#ensure();
    return this.#heads;
  }

  /** Revisions nothing points to by down revision or dependency. */
  get realHeads(): readonly string[] {
    this.#ensure();
    return this.#realHeads;
  }

  /** Revisions without a down revision. */
  get bases(): readonly string[] {
    this.#ensure();
    return this.#bases;
  }

  /** Revisions without a down revision or dependency. */
  get realBases(): readonly string[] {
    this.#ensure();
    return this.#realBases;
  }

  /** Every revision, in load order. */
  get revisions(): readonly R[] {
    this.#ensure();
    return [...this.#byId.values()];
  }

  /** Number of revisions. */
  get size(): number {
    this.#ensure();
    return this.#byId.size;
  }

  /** The revision with exactly this id (no symbols, labels or partial ids). */
  byId(id: string): R | undefined {
    this.#ensure();
    return this.#byId.get(id);
  }

  // ---------------------------------------------------------------- building

  #ensure(): void {
    if (this.#built) {
      if (this.#failure !== null) throw this.#failure.error;
      return;
    }
    this.#built = true;
    const source = this.#source ?? [];
    this.#source = null;
    const restores: (() => void)[] = [];
    try {
      this.#build(source, restores);
    } catch (error) {
      // a map that failed to build keeps failing, and leaves the revisions as they were
      // (a previous map of the same revisions stays usable)
      for (const restore of restores) restore();
      this.#failure = { error };
      throw error;
    }
  }

  #build(source: Iterable<R>, restores: (() => void)[]): void {
    const byId = this.#byId;
    for (const rev of source) {
      restores.push(rev.saveLinks());
      rev.resetLinks();
      if (byId.has(rev.revision)) {
        this.#warnings.push(`Revision ${rev.revision} is present more than once`);
      }
      byId.set(rev.revision, rev);
    }
    const revisions = [...byId.values()];
    revisions.forEach((rev, index) => {
      this.#order.set(rev.revision, index);
      this.#keys.set(rev.revision, rev);
    });

    // Labels become keys too: dependencies may name them.
    const labelled = revisions.filter((rev) => rev.declaredBranchLabels.length > 0);
    for (const rev of labelled) {
      for (const label of rev.declaredBranchLabels) {
        const existing = this.#keys.get(label);
        if (existing) {
          throw new RevisionError(
            `Branch name '${label}' in revision ${rev.revision} already used by revision ${existing.revision}`,
          );
        }
        this.#keys.set(label, rev);
      }
    }

    for (const rev of revisions) {
      if (rev.dependsOn.length === 0) continue; // resetLinks already set the plain edges
      const resolved: string[] = [];
      for (const dep of rev.dependsOn) {
        const target = this.#keys.get(dep);
        if (!target) {
          throw new RevisionError(`Revision ${dep} referenced from ${rev.revision} is not present`);
        }
        resolved.push(target.revision);
      }
      const state = rev[links];
      state.resolvedDependencies = dedupe(resolved);
      state.allDownRevisions = dedupe([...rev.downRevisions, ...state.resolvedDependencies]);
    }

    // Without dependencies every edge is a down-revision edge: both child sets of a revision
    // hold the same ids, so they can be one set (half the allocations of a large listing).
    const shareSets = !revisions.some((rev) => rev.dependsOn.length > 0);
    for (const rev of revisions) {
      for (const down of rev.allDownRevisions) {
        const parent = byId.get(down);
        if (!parent) {
          throw new RevisionError(`Revision ${down} referenced from ${rev.revision} is not present`);
        }
        const state = parent[links];
        if (state.allNextRevisions === UNLINKED) state.allNextRevisions = new Set();
        state.allNextRevisions.add(rev.revision);
        if (shareSets) {
          state.nextRevisions = state.allNextRevisions;
        } else if (rev.downRevisions.includes(down)) {
          if (state.nextRevisions === UNLINKED) state.nextRevisions = new Set();
          state.nextRevisions.add(rev.revision);
        }
      }
    }

    this.#normalizeDependencies(revisions);

    this.#heads = revisions.filter((r) => r.isHead).map((r) => r.revision);
    this.#realHeads = revisions.filter((r) => r.isRealHead).map((r) => r.revision);
    this.#bases = revisions.filter((r) => r.isBase).map((r) => r.revision);
    this.#realBases = revisions.filter((r) => r.isRealBase).map((r) => r.revision);

    this.#detectCycles(revisions);
    this.#addBranches(labelled);
  }

  /** Drops dependencies an ancestor already declares (Alembic `_normalize_depends_on`). */
  #normalizeDependencies(revisions: readonly R[]): void {
    // who declares each dependency: most are declared once, which needs no ancestor walk
    const declarers = new Map<string, R[]>();
    for (const rev of revisions) {
      for (const dep of rev.resolvedDependencies) {
        const list = declarers.get(dep);
        if (list) list.push(rev);
        else declarers.set(dep, [rev]);
      }
    }
    for (const rev of revisions) {
      const state = rev[links];
      if (state.resolvedDependencies.length === 0) {
        state.normalizedResolvedDependencies = [];
        state.normalizedDownRevisions = rev.downRevisions;
        continue;
      }
      let below: Set<R> | null = null;
      state.normalizedResolvedDependencies = state.resolvedDependencies.filter((dep) => {
        const others = (declarers.get(dep) ?? []).filter((d) => d !== rev);
        if (others.length === 0) return true;
        below ??= this.#related((r) => r.downRevisions, [rev]);
        return !others.some((d) => below?.has(d));
      });
      state.normalizedDownRevisions = dedupe([...rev.downRevisions, ...state.normalizedResolvedDependencies]);
    }
  }

  /** True when every revision can be ordered along down revisions and dependencies (Kahn). */
  #isAcyclic(revisions: readonly R[]): boolean {
    const pending = new Map<R, number>();
    const ready: R[] = [];
    for (const rev of revisions) {
      const n = rev.allDownRevisions.length;
      if (n === 0) ready.push(rev);
      else pending.set(rev, n);
    }
    let done = 0;
    while (ready.length > 0) {
      const rev = ready.pop() as R;
      done++;
      for (const id of rev.allNextRevisions) {
        const child = this.#byId.get(id) as R;
        const left = (pending.get(child) ?? 0) - 1;
        pending.set(child, left);
        if (left === 0) ready.push(child);
      }
    }
    return done === revisions.length;
  }

  #detectCycles(revisions: readonly R[]): void {
    if (revisions.length === 0) return;
    // Alembic's reachability checks below name the revisions; they can only fail on a cycle
    if (this.#isAcyclic(revisions)) return;
    const all = revisions.map((r) => r.revision);
    const check = (
      heads: readonly string[],
      bases: readonly string[],
      down: (r: R) => Iterable<string>,
      up: (r: R) => Iterable<string>,
      make: (ids: string[]) => RevisionError,
    ) => {
      if (heads.length === 0 || bases.length === 0) throw make(all);
      const fromHeads = this.#related(down, this.#idsToRevs(heads));
      const fromBases = this.#related(up, this.#idsToRevs(bases));
      const lost = revisions.filter((r) => !(fromHeads.has(r) && fromBases.has(r))).map((r) => r.revision);
      if (lost.length > 0) throw make(lost.sort());
    };
    check(
      this.#heads,
      this.#bases,
      (r) => r.downRevisions,
      (r) => r.nextRevisions,
      (ids) => new CycleDetected(ids),
    );
    // without dependencies the second check walks the same edges as the first
    if (!revisions.some((r) => r.dependsOn.length > 0)) return;
    check(
      this.#realHeads,
      this.#realBases,
      (r) => r.allDownRevisions,
      (r) => r.allNextRevisions,
      (ids) => new DependencyCycleDetected(ids),
    );
  }

  /**
   * Label inheritance as Alembic's `_add_branches`: every descendant of the declaring
   * revision, then down the chain from the last descendant visited until a branch point
   * or merge point.
   */
  #addBranches(labelled: readonly R[]): void {
    for (const rev of labelled) {
      const labels = [...rev.branchLabels];
      // one set for every revision that has no labels of its own (never changed after)
      const shared: ReadonlySet<string> = new Set(labels);
      let parent: R | undefined;
      for (const node of this.#related((r) => r.nextRevisions, [rev])) {
        node.addBranchLabels(labels, shared);
        parent = node;
      }
      while (parent && !parent.isRealBranchPoint && !parent.isMergePoint) {
        parent.addBranchLabels(labels, shared);
        if (parent.downRevisions.length === 0) break;
        parent = this.#byId.get(parent.downRevisions[0]);
      }
    }
  }

  #generationCache: Map<R, number> | null = null;

  /** Longest distance from a base along normalized down revisions, per revision. */
  #generations(): Map<R, number> {
    if (this.#generationCache) return this.#generationCache;
    const generation = new Map<R, number>();
    const pending = new Map<R, number>();
    const ready: R[] = [];
    for (const rev of this.#byId.values()) {
      const n = rev.allDownRevisions.length;
      if (n === 0) ready.push(rev);
      else pending.set(rev, n);
    }
    // normalized edges are a subset of all edges, so Kahn order over all edges visits
    // every normalized parent first
    while (ready.length > 0) {
      const rev = ready.pop() as R;
      let gen = 0;
      for (const id of rev.normalizedDownRevisions) {
        gen = Math.max(gen, (generation.get(this.#byId.get(id) as R) ?? 0) + 1);
      }
      generation.set(rev, gen);
      for (const id of rev.allNextRevisions) {
        const child = this.#byId.get(id) as R;
        const left = (pending.get(child) ?? 0) - 1;
        pending.set(child, left);
        if (left === 0) ready.push(child);
      }
    }
    this.#generationCache = generation;
    return generation;
  }

  #idsToRevs(ids: Iterable<string>): R[] {
    const out: R[] = [];
    for (const id of ids) {
      const rev = this.#byId.get(id);
      if (rev) out.push(rev);
    }
    return out;
  }

  /**
   * Depth-first closure over `next` from `targets`, in Alembic's visiting order
   * (`_iterate_related_revisions`). With `check`, raises when one target reaches another.
   */
  #related(next: (r: R) => Iterable<string>, targets: readonly Node<R>[], check = false): Set<R> {
    // insertion order of `seen` is Alembic's yield order
    const seen = new Set<R>();
    // one target cannot overlap with another
    const checking = check && targets.length > 1;
    const targetSet = checking ? new Set(targets) : null;
    for (const node of targets) {
      // a walk that ran off the graph fails only when reached, as in Alembic
      const target = requireRev(node);
      const todo: R[] = [target];
      const perTarget = checking ? new Set<R>() : null;
      while (todo.length > 0) {
        const rev = todo.pop() as R;
        perTarget?.add(rev);
        if (seen.has(rev)) continue;
        seen.add(rev);
        for (const id of next(rev)) {
          const nextRev = this.#keys.get(id);
          if (!nextRev || nextRev.revision !== id) {
            throw new RevisionError('Dependency resolution failed; broken map');
          }
          todo.push(nextRev);
        }
      }
      if (perTarget && targetSet) {
        const overlaps = [...perTarget].filter((r) => r !== target && targetSet.has(r));
        if (overlaps.length > 0) {
          throw new RevisionError(
            `Requested revision ${target.revision} overlaps with other requested revisions ${overlaps
              .map((r) => r.revision)
              .join(', ')}`,
          );
        }
      }
    }
    return seen;
  }

  #ancestors(targets: readonly Node<R>[], includeDependencies = true, check = false): Set<R> {
    return this.#related(
      includeDependencies ? (r) => r.normalizedDownRevisions : (r) => r.downRevisions,
      targets,
      check,
    );
  }

  #descendants(targets: readonly Node<R>[], includeDependencies = true, check = false): Set<R> {
    return this.#related(
      includeDependencies ? (r) => r.allNextRevisions : (r) => r.nextRevisions,
      targets,
      check,
    );
  }

  /** Ancestors of the given revisions, themselves included (dependencies followed by default). */
  ancestorsOf(targets: readonly R[], includeDependencies = true): R[] {
    this.#ensure();
    return [...this.#ancestors(targets, includeDependencies)];
  }

  /**
   * A reusable question "is `x` `rev` itself or one of its ancestors (dependencies
   * included)?", cheap when asked about revisions close to `rev`.
   */
  ancestorProbe(rev: R): { has(candidate: R): boolean } {
    this.#ensure();
    const generation = this.#generations();
    return new AncestorProbe<R>(
      rev,
      (r) => generation.get(r) ?? 0,
      (r) => r.normalizedDownRevisions.map((id) => this.#byId.get(id) as R),
    );
  }

  /** Descendants of the given revisions, themselves included (dependents followed by default). */
  descendantsOf(targets: readonly R[], includeDependencies = true): R[] {
    this.#ensure();
    return [...this.#descendants(targets, includeDependencies)];
  }

  // ---------------------------------------------------------------- resolution

  /**
   * Splits `branch@id` and expands `heads`, `head`, `base` into revision ids
   * (Alembic `_resolve_revision_number`); other ids are returned unresolved.
   */
  resolveRevisionNumber(id: unknown): { ids: readonly string[]; branch: string | null } {
    this.#ensure();
    let branch: string | null = null;
    let rest: unknown = id;
    if (typeof id === 'string' && id.includes('@')) {
      const at = id.indexOf('@');
      branch = id.slice(0, at);
      rest = id.slice(at + 1);
    } else if (
      id !== null &&
      id !== undefined &&
      typeof id !== 'string' &&
      !(Array.isArray(id) && (id.length === 0 || typeof id[0] === 'string'))
    ) {
      throw new RevisionError(
        `revision identifier ${pyRepr(id)} is not a string; ensure database driver settings are correct`,
      );
    }
    if (rest === 'heads') {
      return {
        ids: branch ? this.filterForLineage(this.#heads, branch) : this.#realHeads,
        branch,
      };
    }
    if (rest === 'head') {
      const head = this.getCurrentHead(branch);
      return { ids: head === null ? [] : [head], branch };
    }
    if (rest === 'base' || rest === null || rest === undefined) return { ids: [], branch };
    if (typeof rest === 'string') return { ids: [rest], branch };
    return { ids: (rest as readonly string[]).filter((x) => x !== null), branch };
  }

  /**
   * The single head, optionally on one branch; `null` for an empty map.
   * @throws MultipleHeads when there are several
   */
  getCurrentHead(branchLabel: string | null = null): string | null {
    this.#ensure();
    let heads: readonly string[] = this.#heads;
    if (branchLabel) heads = this.filterForLineage(heads, branchLabel);
    if (heads.length > 1) throw new MultipleHeads(heads, branchLabel ? `${branchLabel}@head` : 'head');
    return heads[0] ?? null;
  }

  /**
   * Resolves one identifier to at most one revision (`null` for `base`).
   * @throws MultipleHeads, ResolutionError, RevisionError as Alembic's `get_revision`
   */
  getRevision(id: string | readonly string[] | null): R | null {
    const { ids, branch } = this.resolveRevisionNumber(id);
    if (ids.length > 1) throw new MultipleHeads(ids, id);
    return this.#revisionForIdent(ids[0] ?? null, branch);
  }

  /**
   * Resolves identifiers to revisions: `heads` gives every real head, `base` none,
   * `branch@-N` walks down from the branch's heads.
   */
  getRevisions(id: RevisionIdentifier): readonly R[] {
    return this.#getRevisionsRaw(id).filter((n): n is R => isRev<R>(n));
  }

  #getRevisionsRaw(id: unknown): Node<R>[] {
    this.#ensure();
    if (Array.isArray(id)) {
      const out: Node<R>[] = [];
      for (const item of id) {
        if (item === null || item === undefined) continue;
        out.push(...this.#getRevisionsRaw(item));
      }
      return out;
    }
    const { ids, branch } = this.resolveRevisionNumber(id);
    if (ids.length === 1 && PY_INT.test(ids[0]) && Number.parseInt(ids[0], 10) < 0) {
      const steps = Number.parseInt(ids[0], 10);
      let heads = this.#getRevisionsRaw('heads').filter((n): n is R => isRev<R>(n));
      if (branch !== null) heads = heads.filter((h) => h.branchLabels.has(branch));
      return heads.map((head) => this.#walk(head, steps));
    }
    return ids.map((x) => this.#revisionForIdent(x, branch));
  }

  #resolveBranch(label: string): R {
    const exact = this.#keys.get(label);
    if (exact) return exact;
    try {
      return this.#revisionForIdent(label, null) as R;
    } catch (err) {
      if (err instanceof ResolutionError) {
        throw new ResolutionError(`No such branch: '${label}'`, label);
      }
      throw err;
    }
  }

  #revisionForIdent(resolved: string | null, checkBranch: string | null): R | null {
    const branchRev = checkBranch ? this.#resolveBranch(checkBranch) : null;
    let revision: R | null = null;
    if (resolved !== null) {
      const exact = this.#keys.get(resolved);
      if (exact) {
        revision = exact;
      } else {
        let candidates: string[] = [];
        // an empty identifier is a prefix of everything; Alembic refuses it (assertion)
        if (resolved === '') {
          throw new ResolutionError(
            "No such revision or branch ''; please ensure at least four characters are present for partial revision identifier matches",
            resolved,
          );
        }
        for (const key of this.#keys.keys()) {
          if (key.startsWith(resolved) && codePoints(key) > 3) candidates.push(key);
        }
        if (branchRev && checkBranch) candidates = this.filterForLineage(candidates, checkBranch);
        if (candidates.length === 0) {
          const hint =
            codePoints(resolved) < 4
              ? '; please ensure at least four characters are present for partial revision identifier matches'
              : '';
          throw new ResolutionError(`No such revision or branch '${resolved}'${hint}`, resolved);
        }
        if (candidates.length > 1) {
          const shown = candidates
            .slice(0, 3)
            .map((c) => `'${c}'`)
            .join(', ');
          throw new ResolutionError(`Multiple revisions start with '${resolved}': ${shown}...`, resolved);
        }
        revision = this.#keys.get(candidates[0]) as R;
      }
    }
    if (checkBranch && revision !== null && branchRev) {
      if (!this.#lineage([branchRev], false).has(revision)) {
        throw new ResolutionError(
          `Revision ${revision.revision} is not a member of branch '${checkBranch}'`,
          resolved ?? '',
        );
      }
    }
    return revision;
  }

  /** Ancestors and descendants of `revs` (themselves included). */
  #lineage(revs: readonly R[], includeDependencies: boolean): ReadonlySet<R> {
    // the graph never changes once built, so lineages are remembered (walks up a branch
    // ask for the same one at every step)
    const key = `${includeDependencies ? 'd' : 'v'}:${revs.map((r) => r.revision).join(' ')}`;
    const cached = this.#lineageCache.get(key);
    if (cached) return cached;
    const set = this.#ancestors(revs, includeDependencies);
    for (const r of this.#descendants(revs, includeDependencies)) set.add(r);
    if (this.#lineageCache.size >= 64) this.#lineageCache.clear();
    this.#lineageCache.set(key, set);
    return set;
  }

  #lineageCache = new Map<string, ReadonlySet<R>>();

  /**
   * Keeps the targets that share lineage (are ancestor or descendant) with what
   * `checkAgainst` names (Alembic `filter_for_lineage`).
   */
  filterForLineage<T extends R | string | null>(
    targets: Iterable<T>,
    checkAgainst: string | null,
    includeDependencies = false,
  ): T[] {
    const { ids, branch } = this.resolveRevisionNumber(checkAgainst);
    const shares = branch ? [branch, ...ids] : [...ids];
    const list = [...targets];
    if (shares.length === 0 || list.length === 0) return list;
    let lineage: ReadonlySet<R> | null = null;
    return list.filter((target) => {
      // Alembic resolves each target before what it is checked against
      const rev =
        typeof target === 'string' ? this.#revisionForIdent(target, null) : requireRev(target as R | null);
      lineage ??= this.#lineage(
        shares.map((s) => this.#revisionForIdent(s, null)).filter((r): r is R => r !== null),
        includeDependencies,
      );
      return rev !== null && lineage.has(rev);
    });
  }

  /**
   * Walks `steps` up (positive) or down (negative) from `start` (Alembic `_walk`).
   * Returns `'base'` when walking down off the graph, `null` on an over-walk.
   */
  #walk(
    start: string | Node<R>,
    steps: number,
    branchLabel: string | null = null,
    noOverwalk = true,
  ): Node<R> {
    let initial: Node<R> = typeof start === 'string' && start !== 'base' ? this.getRevision(start) : start;
    if (start === 'base') initial = null;
    for (let i = 0; i < Math.abs(steps); i++) {
      let children: Node<R>[];
      if (steps > 0) {
        const current = initial as R | null;
        const up = this.#getRevisionsRaw(
          current === null ? [...this.#bases] : [...current.nextRevisions],
        ).filter((n): n is R => isRev<R>(n));
        children = branchLabel ? this.filterForLineage(up, branchLabel) : up;
      } else if (initial === 'base') {
        children = [];
      } else {
        children = this.#getRevisionsRaw(initial === null ? [...this.#heads] : [...initial.downRevisions]);
        if (children.length === 0) children = ['base'];
      }
      if (children.length === 0) return noOverwalk ? null : initial;
      if (children.length > 1) throw new RevisionError('Ambiguous walk');
      initial = children[0];
    }
    return initial;
  }

  #parseDowngradeTarget(
    current: RevisionIdentifier,
    target: RevisionIdentifier,
    assertRelativeLength: boolean,
  ): [string | null, Node<R>] {
    if (target === null) return [null, null];
    if (typeof target !== 'string') throw new RevisionError('Expected downgrade target in string form');
    const match = RELATIVE.exec(target);
    if (match) {
      let branch: string | null = match[1] ?? null;
      let symbol: string | null = match[2] ?? null;
      const relative = match[3];
      const steps = Number.parseInt(relative, 10);
      if (steps >= 0) {
        if (symbol === null) {
          throw new RevisionError(
            `Relative revision ${relative} didn't produce ${Math.abs(steps)} migrations`,
          );
        }
        const rev = this.#walk(symbol, steps, branch, assertRelativeLength);
        if (rev === null) throw new RevisionError('Walked too far');
        return [branch, rev];
      }
      const relativeToCurrent = symbol === null;
      if (relativeToCurrent) {
        const currentList = toIdList(current);
        if (branch) {
          let onBranch: string[] = this.filterForLineage(currentList, branch);
          if (onBranch.length === 0) {
            // the branch's head may be implied by a dependent head
            const allCurrent = this.#allCurrent(currentList);
            onBranch = this.filterForLineage(allCurrent, branch).map((r) => r.revision);
          }
          if (onBranch.length !== 1) {
            throw new RevisionError(
              `Relative revision ${relative} is ambiguous: branch '${branch}' has ${onBranch.length} current revisions`,
            );
          }
          symbol = onBranch[0];
        } else {
          if (currentList.length === 0) {
            throw new RevisionError(
              `Relative revision ${relative} didn't produce ${Math.abs(steps)} migrations`,
            );
          }
          if (new Set(currentList).size > 1) {
            this.#warnings.push(
              'downgrade -1 from multiple heads is ambiguous; this usage will be disallowed in a future release.',
            );
          }
          symbol = currentList[0];
          // restrict the walk to the chosen branch
          branch = symbol;
        }
      }
      const start = branch === null ? this.getRevision(symbol) : this.getRevision(`${branch}@${symbol}`);
      const rev = this.#walk(start, steps, null, assertRelativeLength);
      if (rev === null) {
        if (relativeToCurrent) {
          throw new RevisionError(
            `Relative revision ${relative} didn't produce ${Math.abs(steps)} migrations`,
          );
        }
        throw new RevisionError('Walked too far');
      }
      return [branch, rev];
    }
    const at = target.lastIndexOf('@');
    const branch = at > 0 ? target.slice(0, at) : null;
    return [branch, this.getRevision(target.slice(at + 1))];
  }

  #parseUpgradeTarget(
    current: RevisionIdentifier,
    target: RevisionIdentifier,
    assertRelativeLength: boolean,
  ): Node<R>[] {
    const match = typeof target === 'string' ? RELATIVE.exec(target) : null;
    if (!match) return this.#getRevisionsRaw(target);
    const branch = match[1] ?? null;
    const symbol = match[2] ?? null;
    const relativeText = match[3];
    const steps = Number.parseInt(relativeText, 10);
    if (steps > 0) {
      if (symbol !== null) {
        return [this.#walk(this.getRevision(symbol), steps, branch, assertRelativeLength)];
      }
      let currentList: (string | null)[] = toIdList(current);
      if (currentList.length === 0) currentList = [null];
      let starts: (string | R | null)[] = currentList;
      if (branch) {
        const currentRaw = this.#getRevisionsRaw(currentList);
        starts = this.filterForLineage(currentRaw, branch) as (R | string)[];
        if (starts.length === 0) {
          // the branch is not active: start from the tips of its applied part
          const active = this.filterForLineage(
            [...this.#ancestors(currentRaw.map((n) => requireRev(n)))],
            branch,
          );
          const below = new Set(active.flatMap((r) => r.normalizedDownRevisions));
          starts = dedupe(active.map((r) => r.revision)).filter((id) => !below.has(id));
          if (starts.length === 0) starts = [null];
        }
      }
      if (starts.length > 1) throw new RevisionError('Ambiguous upgrade from multiple current revisions');
      const rev = this.#walk(starts[0], steps, branch, assertRelativeLength);
      if (rev === null) {
        throw new RevisionError(
          `Relative revision ${relativeText} didn't produce ${Math.abs(steps)} migrations`,
        );
      }
      return [rev];
    }
    if (symbol === null) {
      throw new RevisionError(`Relative revision ${steps} didn't produce ${Math.abs(steps)} migrations`);
    }
    const start = branch === null ? this.getRevision(symbol) : this.getRevision(`${branch}@${symbol}`);
    return [this.#walk(start, steps, null, assertRelativeLength)];
  }

  // ---------------------------------------------------------------- collection

  #collectDowngrade(
    upper: RevisionIdentifier,
    lower: RevisionIdentifier,
    inclusive: boolean,
    implicitBase: boolean,
    assertRelativeLength: boolean,
  ): [Set<R>, R[]] {
    const [branch, parsed] = this.#parseDowngradeTarget(upper, lower, assertRelativeLength);
    const target = parsed === 'base' ? null : parsed;
    let roots: R[];
    if (target === null) {
      // Alembic iterates its key map, where a labelled base appears once per label too
      roots = [...this.#keys.values()].filter((r) => r.downRevisions.length === 0);
    } else if (inclusive) {
      roots = [target];
    } else {
      roots = this.getRevisions([...target.nextRevisions]) as R[];
    }
    if (branch && roots.length > 1) {
      const onBranch = this.#ancestors([this.#resolveBranch(branch)], false);
      roots = dedupe(roots.map((r) => r.revision))
        .map((id) => this.#byId.get(id) as R)
        .filter((r) => onBranch.has(r));
      if (roots.length === 0) throw new RevisionError('Not a valid downgrade target from current heads');
    }
    const heads = this.#getRevisionsRaw(upper).map((n) => requireRev(n));
    const active = this.#ancestors(heads);
    const drop = new Set<R>();
    for (const r of this.#descendants(roots)) if (active.has(r)) drop.add(r);
    if (implicitBase) {
      const belowRoots = this.#ancestors(roots);
      for (const r of active) if (!belowRoots.has(r)) drop.add(r);
    }
    if (target !== null && drop.size === 0 && !heads.includes(target)) {
      throw new RangeNotAncestorError('Nothing to drop', upper);
    }
    return [drop, heads];
  }

  #collectUpgrade(
    upper: RevisionIdentifier,
    lower: RevisionIdentifier,
    inclusive: boolean,
    implicitBase: boolean,
    assertRelativeLength: boolean,
  ): [Set<R>, R[]] {
    let targets: R[] = this.#parseUpgradeTarget(lower, upper, assertRelativeLength).map((n) => {
      // Alembic fails an assertion here; say what happened instead
      if (n === 'base')
        throw new RevisionError(
          `Revision ${pyStr(upper)} walks down to base, which is not an upgrade target`,
        );
      return requireRev(n);
    });
    if (typeof lower === 'string' && lower.includes('@')) {
      let branch = lower.slice(0, lower.indexOf('@'));
      const branchRev = this.getRevision(branch);
      if (branchRev !== null && branchRev.revision === branch) {
        // a revision id used as a label: use its branch's label
        if (branchRev.branchLabels.size !== 1) {
          throw new RevisionError(`Revision ${branch} does not name exactly one branch`);
        }
        branch = [...branchRev.branchLabels][0];
      }
      const label = branch;
      targets = dedupeRevs(targets.filter((t) => t.branchLabels.has(label)));
    }
    const required = this.#ancestors(targets, true, true);
    for (const t of targets) required.add(t);

    let currentRevs = this.#getRevisionsRaw(lower);
    if (!implicitBase && currentRevs.some((r) => r !== null && (r === 'base' || !required.has(r)))) {
      throw new RangeNotAncestorError(lower, upper);
    }
    let lowerId: RevisionIdentifier = lower;
    if (currentRevs.length > 0 && currentRevs[0] === null) {
      // a relative lower bound that get_revisions could not place
      const [, rev] = this.#parseDowngradeTarget(upper, lower, assertRelativeLength);
      if (rev === 'base' || rev === null) {
        currentRevs = [];
        lowerId = null;
      } else {
        currentRevs = [rev];
        lowerId = rev.revision;
      }
    }
    const currentSet = this.#ancestors(currentRevs, true, true);
    const current = currentRevs.map((n) => requireRev(n));
    for (const c of current) currentSet.add(c);
    let needs = required;
    if (currentSet.size > 0) needs = new Set([...required].filter((r) => !currentSet.has(r)));
    if (inclusive) {
      for (const r of this.#getRevisionsRaw(lowerId)) needs.add(requireRev(r));
    }
    if (current.length > 0 && !implicitBase) {
      const above = this.#descendants(current, false, true);
      needs = new Set([...needs].filter((r) => above.has(r)));
    }
    return [needs, targets];
  }

  /**
   * Orders `revisions` head-first exactly as Alembic's `_topological_sort`: each branch is
   * drained down to its branch point before the shared trunk, ties broken by load order.
   */
  /** Consumes `revisions` (the collectors hand over fresh sets). */
  #topologicalSort(revisions: Set<R>, heads: readonly R[]): R[] {
    const todo = revisions;
    const order = this.#order;
    const probe = (rev: R) => this.ancestorProbe(rev);
    const current: R[] = [...new Set(heads)]
      .filter((h) => todo.has(h))
      .sort((a, b) => (order.get(a.revision) ?? 0) - (order.get(b.revision) ?? 0));
    // Alembic keeps the full ancestor set of every pending head, recomputed whenever a head
    // leaves a straight line, and only ever asks whether another head's current candidate is
    // in it. A straight move drops just the emitted revision, which is never asked about
    // again, so a lazy probe from where the head was last placed gives the same answers
    // without walking the whole history at every merge.
    const ancestors: ({ has(candidate: R): boolean } | null)[] = current.map(() => null);
    const output: R[] = [];
    let idx = 0;
    while (current.length > 0) {
      const candidate = current[idx];
      let blocked = false;
      for (let j = 0; j < current.length; j++) {
        if (j === idx) continue;
        let set = ancestors[j];
        if (set === null) {
          set = probe(current[j]);
          ancestors[j] = set;
        }
        if (set.has(candidate)) {
          // another pending head sits above this one: drain it first
          idx = j;
          blocked = true;
          break;
        }
      }
      if (blocked) continue;
      if (todo.has(candidate)) {
        output.push(candidate);
        todo.delete(candidate);
      }
      const toAdd: R[] = [];
      for (const id of candidate.normalizedDownRevisions) {
        const r = this.#byId.get(id) as R;
        if (todo.has(r) && !current.includes(r)) toAdd.push(r);
      }
      if (toAdd.length === 0) {
        current.splice(idx, 1);
        ancestors.splice(idx, 1);
        idx = Math.max(idx - 1, 0);
      } else if (
        candidate.normalizedResolvedDependencies.length === 0 &&
        candidate.downRevisions.length === 1
      ) {
        current[idx] = toAdd[0];
      } else {
        current[idx] = toAdd[0];
        ancestors[idx] = null;
        for (const extra of toAdd.slice(1)) {
          current.push(extra);
          ancestors.push(null);
        }
      }
    }
    if (todo.size > 0) {
      throw new RevisionError(
        `Revisions ${[...todo].map((r) => r.revision).join(', ')} are not reachable from the requested heads`,
      );
    }
    return output;
  }

  /**
   * Revisions between `upper` and `lower`, head first (Alembic `iterate_revisions`).
   *
   * @example
   * map.iterateRevisions('heads', 'base', { inclusive: true }).map((r) => r.revision);
   */
  iterateRevisions(upper: RevisionIdentifier, lower: RevisionIdentifier, options: IterateOptions = {}): R[] {
    this.#ensure();
    const inclusive = options.inclusive ?? false;
    const implicitBase = options.implicitBase ?? false;
    const assertRelativeLength = options.assertRelativeLength ?? true;
    const [revisions, heads] = options.selectForDowngrade
      ? this.#collectDowngrade(upper, lower, inclusive, implicitBase, assertRelativeLength)
      : this.#collectUpgrade(upper, lower, inclusive, implicitBase, assertRelativeLength);
    return this.#topologicalSort(revisions, heads);
  }

  /** Every revision from `head` down to `base`, head first (for `history`). */
  walkRevisions(base: string | null = 'base', head: string | null = 'heads'): R[] {
    return this.iterateRevisions(head, base, { inclusive: true, assertRelativeLength: false });
  }

  // ---------------------------------------------------------------- plans

  /**
   * The steps of `upgrade <destination>` from the database's `currentHeads`
   * (Alembic `ScriptDirectory._upgrade_revs`), in run order.
   * Raises the raw revision errors; see `toCommandError` for the command texts.
   */
  planUpgrade(destination: string, currentHeads: readonly string[]): RevisionStep<R>[] {
    return this.iterateRevisions(destination, [...currentHeads], { implicitBase: true })
      .reverse()
      .map((rev) => new RevisionStep(rev, true));
  }

  /** The steps of `downgrade <destination>` from `currentHeads`, in run order. */
  planDowngrade(destination: string | null, currentHeads: readonly string[]): RevisionStep<R>[] {
    return this.iterateRevisions([...currentHeads], destination, { selectForDowngrade: true }).map(
      (rev) => new RevisionStep(rev, false),
    );
  }

  /**
   * The steps of `stamp <destinations>` from `currentHeads` (Alembic `_stamp_revs`).
   * For `--purge`, pass no current heads.
   */
  planStamp(
    destinations: string | readonly string[] | null,
    currentHeads: readonly string[],
  ): StampStep<R>[] {
    this.#ensure();
    const headRevs = this.getRevisions([...currentHeads]);
    const dest: string | readonly string[] =
      destinations === null || destinations.length === 0 ? 'base' : destinations;
    const filtered: R[] = [];
    for (const d of typeof dest === 'string' ? [dest] : dest) {
      if (d) filtered.push(...this.filterForLineage(headRevs, d, true));
    }
    const filteredHeads = dedupeRevs(filtered);
    const destRevs: (R | null)[] = this.#getRevisionsRaw(dest).map((n) =>
      n === null ? null : requireRev(n),
    );
    if (destRevs.length === 0) destRevs.push(null);
    const steps: StampStep<R>[] = [];
    const fromIds = filteredHeads.map((h) => h.revision);
    for (const target of destRevs) {
      if (target === null) {
        for (const head of filteredHeads) steps.push(new StampStep<R>(head.revision, null, false, true));
        continue;
      }
      if (filteredHeads.includes(target)) continue;
      const descendants = this.#descendants([target]);
      const ancestors = this.#ancestors([target]);
      if (filteredHeads.some((h) => descendants.has(h))) {
        if (filteredHeads.some((h) => ancestors.has(h))) {
          // Alembic fails an assertion here
          throw new RevisionError(
            `Stamp destination ${target.revision} lies both above and below the current heads ${fromIds.join(', ')}`,
          );
        }
        steps.push(new StampStep<R>(fromIds, target.revision, false, false));
      } else if (filteredHeads.some((h) => ancestors.has(h))) {
        steps.push(new StampStep<R>(fromIds, target.revision, true, false));
      } else {
        steps.push(new StampStep<R>(null, target.revision, true, true));
      }
    }
    return steps;
  }

  /**
   * The branch heads implied by the version rows `heads` (Alembic `_get_all_current`):
   * what `current` shows, in load order.
   */
  currentRevisions(heads: readonly string[]): R[] {
    this.#ensure();
    const top = this.getRevisions([...heads]);
    const all = this.#ancestors(top);
    for (const r of top) all.add(r);
    return this.#filterIntoBranchHeads(all);
  }

  #allCurrent(heads: readonly string[]): R[] {
    return this.currentRevisions(heads);
  }

  /** Keeps the members of `set` with no descendant (by down revision) in `set`. */
  #filterIntoBranchHeads(set: Set<R>): R[] {
    // everything strictly below a member is shadowed; one multi-source walk finds it
    const starts: R[] = [];
    for (const r of set) for (const id of r.downRevisions) starts.push(this.#byId.get(id) as R);
    const shadowed = this.#ancestors(starts, false);
    return [...set]
      .filter((r) => !shadowed.has(r))
      .sort((a, b) => (this.#order.get(a.revision) ?? 0) - (this.#order.get(b.revision) ?? 0));
  }
}

function toIdList(value: RevisionIdentifier): string[] {
  if (value === null) return [];
  if (typeof value === 'string') return [value];
  return value.filter((v): v is string => v !== null);
}

function dedupeRevs<R>(revs: readonly R[]): R[] {
  return [...new Set(revs)];
}

function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
