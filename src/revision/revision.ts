import { DependencyLoopDetected, LoopDetected, RevisionError } from './errors.js';
import { pyRepr } from './py-format.js';

/** What a revision declares: the literal constants of a revision file. */
export interface RevisionInit {
  /** The revision id; must not contain `@`, `-`, `+` or `:`. */
  revision: string;
  /** The parent(s); several make this revision a merge point; none makes it a base. */
  downRevision?: string | readonly string[] | null;
  /** Labels naming this revision's branch; each must be unique in a map. */
  branchLabels?: string | readonly string[] | null;
  /** Revisions (ids or labels) that must be applied first without joining their branch. */
  dependsOn?: string | readonly string[] | null;
  /** First line of the revision's doc comment. */
  message?: string | null;
}

const ILLEGAL_CHARS = ['@', '-', '+', ':'];
const ILLEGAL_CHAR = /[@\-+:]/;
/**
 * Shared empty child set of every revision without children; never written (the map
 * replaces it with a set of its own on the first child).
 * @internal
 */
export const UNLINKED: Set<string> = new Set();
/** Shared by every revision without labels until one is added (copy on write). */
const NO_LABELS: Set<string> = new Set();
const NONE: readonly string[] = Object.freeze([]);

/**
 * The graph state a {@link RevisionMap} attaches to each of its revisions. Kept behind a
 * symbol so that only the map writes it.
 * @internal
 */
export interface RevisionLinks {
  nextRevisions: Set<string>;
  allNextRevisions: Set<string>;
  resolvedDependencies: readonly string[];
  normalizedResolvedDependencies: readonly string[];
  normalizedDownRevisions: readonly string[];
  allDownRevisions: readonly string[];
}

/** @internal */
export const links: unique symbol = Symbol('retort.revision.links');

function toList(value: string | readonly string[] | null | undefined): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'string') return [value];
  // A parent named twice (`['a', 'a']`) is one edge: kept twice, the graph walks looped forever.
  return [...new Set(value)];
}

/**
 * One node of the revision graph (Alembic's `Revision`). The script layer's `Script`
 * extends it.
 *
 * @example
 * const rev = new Revision({ revision: 'ae1027a6acf', downRevision: '1975ea83b712' });
 * rev.downRevisions; // ['1975ea83b712']
 */
export class Revision {
  /** The revision id. */
  readonly revision: string;
  /** Declared down revisions (Alembic `_versioned_down_revisions`), in declared order. */
  readonly downRevisions: readonly string[];
  /** Declared dependencies (ids or labels), in declared order. */
  readonly dependsOn: readonly string[];
  /** Labels declared by this revision itself. */
  readonly declaredBranchLabels: readonly string[];
  /** First line of the doc comment, if any. */
  readonly message: string | null;
  // Listing builds thousands of revisions, most without labels of their own and many
  // inheriting the same ones: the set is shared until this revision adds one it lacks.
  #branchLabels: Set<string>;
  #ownsLabels: boolean;
  /** @internal */
  [links]: RevisionLinks;

  /** Raises `LoopDetected`, `DependencyLoopDetected` or a `RevisionError` for bad ids. */
  constructor(init: RevisionInit) {
    const { revision } = init;
    if (typeof revision !== 'string') {
      throw new RevisionError(
        `revision identifier ${pyRepr(revision)} is not a string; ensure database driver settings are correct`,
      );
    }
    const down = toList(init.downRevision);
    const deps = toList(init.dependsOn);
    if (down.includes(revision)) throw new LoopDetected(revision);
    if (deps.includes(revision)) throw new DependencyLoopDetected(revision);
    Revision.verifyRevisionId(revision);
    this.revision = revision;
    this.downRevisions = Object.freeze(down);
    this.dependsOn = Object.freeze(deps);
    this.declaredBranchLabels = Object.freeze(toList(init.branchLabels));
    this.message = init.message ?? null;
    this.#ownsLabels = this.declaredBranchLabels.length > 0;
    this.#branchLabels = this.#ownsLabels ? new Set(this.declaredBranchLabels) : NO_LABELS;
    // shared empty sets until a map links this revision (resetLinks gives it its own)
    this[links] = {
      nextRevisions: UNLINKED,
      allNextRevisions: UNLINKED,
      resolvedDependencies: NONE,
      normalizedResolvedDependencies: NONE,
      normalizedDownRevisions: down,
      allDownRevisions: down,
    };
  }

  /** Throws a `RevisionError` when `id` contains a character Alembic forbids. */
  static verifyRevisionId(id: string): void {
    if (!ILLEGAL_CHAR.test(id)) return;
    const bad = ILLEGAL_CHARS.filter((c) => id.includes(c)).sort();
    if (bad.length > 0) {
      throw new RevisionError(`Character(s) '${bad.join(', ')}' not allowed in revision identifier '${id}'`);
    }
  }

  /** The down revision in Alembic's scalar-or-tuple form: `null`, an id, or several ids. */
  get downRevision(): string | readonly string[] | null {
    return scalarOrList(this.downRevisions);
  }

  /** Declared dependencies in scalar-or-tuple form. */
  get dependencies(): string | readonly string[] | null {
    return scalarOrList(this.dependsOn);
  }

  /** Declared labels plus those inherited along the branch once the revision is in a map. */
  get branchLabels(): ReadonlySet<string> {
    return this.#branchLabels;
  }

  /** Children through down revisions only (Alembic `nextrev`). */
  get nextRevisions(): ReadonlySet<string> {
    return this[links].nextRevisions;
  }

  /** Children through down revisions or dependencies (Alembic `_all_nextrev`). */
  get allNextRevisions(): ReadonlySet<string> {
    return this[links].allNextRevisions;
  }

  /** Dependencies as revision ids (labels resolved). */
  get resolvedDependencies(): readonly string[] {
    return this[links].resolvedDependencies;
  }

  /** Resolved dependencies minus those already declared by an ancestor. */
  get normalizedResolvedDependencies(): readonly string[] {
    return this[links].normalizedResolvedDependencies;
  }

  /** Down revisions plus normalized dependencies: the edges of traversal and version rows. */
  get normalizedDownRevisions(): readonly string[] {
    return this[links].normalizedDownRevisions;
  }

  /** Down revisions plus all resolved dependencies. */
  get allDownRevisions(): readonly string[] {
    return this[links].allDownRevisions;
  }

  /** No revision names this one as a down revision. */
  get isHead(): boolean {
    return this[links].nextRevisions.size === 0;
  }

  /** Nothing names this one as down revision or dependency. */
  get isRealHead(): boolean {
    return this[links].allNextRevisions.size === 0;
  }

  /** A head only because something depends on it ("effective head"). */
  get isEffectiveHead(): boolean {
    return this.isHead && !this.isRealHead;
  }

  /** Has no down revision. */
  get isBase(): boolean {
    return this.downRevisions.length === 0;
  }

  /** Has no down revision and no dependency. */
  get isRealBase(): boolean {
    return this.downRevisions.length === 0 && this.dependsOn.length === 0;
  }

  /** More than one revision names this one as down revision. */
  get isBranchPoint(): boolean {
    return this[links].nextRevisions.size > 1;
  }

  /** More than one revision names this one as down revision or dependency. */
  get isRealBranchPoint(): boolean {
    return this[links].allNextRevisions.size > 1;
  }

  /** Has more than one down revision. */
  get isMergePoint(): boolean {
    return this.downRevisions.length > 1;
  }

  /** Alembic's `repr`, e.g. `Revision('c', None, dependencies=('a', 'b'))`. */
  toString(): string {
    const args = [pyRepr(this.revision), pyRepr(this.downRevision)];
    if (this.dependsOn.length > 0) args.push(`dependencies=${pyRepr(this.dependencies)}`);
    if (this.#branchLabels.size > 0) {
      args.push(`branch_labels={${[...this.#branchLabels].map((l) => pyRepr(l)).join(', ')}}`);
    }
    return `${this.constructor.name}(${args.join(', ')})`;
  }

  /** @internal returns a function that puts back the current map-owned state. */
  saveLinks(): () => void {
    const saved = this[links];
    const labels = this.#branchLabels;
    const owns = this.#ownsLabels;
    return () => {
      this[links] = saved;
      this.#branchLabels = labels;
      this.#ownsLabels = owns;
    };
  }

  /** @internal resets map-owned state before a map links this revision. */
  resetLinks(): void {
    this.#ownsLabels = this.declaredBranchLabels.length > 0;
    this.#branchLabels = this.#ownsLabels ? new Set(this.declaredBranchLabels) : NO_LABELS;
    // child sets are made by the map on the first child (most heads never get one)
    this[links] = {
      nextRevisions: UNLINKED,
      allNextRevisions: UNLINKED,
      resolvedDependencies: NONE,
      normalizedResolvedDependencies: NONE,
      normalizedDownRevisions: this.downRevisions,
      allDownRevisions: this.downRevisions,
    };
  }

  /**
   * @internal adds labels inherited along the branch. `shared` (the same labels as a set
   * the map never changes) is adopted as is by a revision that has no labels yet.
   */
  addBranchLabels(labels: Iterable<string>, shared?: ReadonlySet<string>): void {
    if (shared && this.#branchLabels.size === 0) {
      this.#branchLabels = shared as Set<string>;
      this.#ownsLabels = false;
      return;
    }
    for (const label of labels) {
      if (this.#branchLabels.has(label)) continue;
      if (!this.#ownsLabels) {
        this.#branchLabels = new Set(this.#branchLabels);
        this.#ownsLabels = true;
      }
      this.#branchLabels.add(label);
    }
  }
}

function scalarOrList(list: readonly string[]): string | readonly string[] | null {
  if (list.length === 0) return null;
  if (list.length === 1) return list[0];
  return list;
}
