import { formatAsComma } from './py-format.js';
import type { Revision } from './revision.js';

/** Text of the step's revision doc, as Alembic's `Script.doc` (first doc line). */
function docOf(revision: Revision): string | null {
  const doc = (revision as { doc?: unknown }).doc;
  if (typeof doc === 'string') return doc;
  return revision.message;
}

/**
 * One planned migration of one revision, up or down (Alembic's `RevisionStep`).
 *
 * @example
 * const [step] = map.planUpgrade('heads', []);
 * String(step); // 'upgrade  -> a, create account table'
 */
export class RevisionStep<R extends Revision = Revision> {
  /** The revision whose `upgrade`/`downgrade` runs. */
  readonly revision: R;
  readonly isUpgrade: boolean;
  readonly isStamp = false as const;

  constructor(revision: R, isUpgrade: boolean) {
    this.revision = revision;
    this.isUpgrade = isUpgrade;
  }

  get isDowngrade(): boolean {
    return !this.isUpgrade;
  }

  /** The function that runs: `upgrade` or `downgrade`. */
  get name(): 'upgrade' | 'downgrade' {
    return this.isUpgrade ? 'upgrade' : 'downgrade';
  }

  get doc(): string | null {
    return docOf(this.revision);
  }

  /** Version rows this step leaves (normalized down revisions when upgrading). */
  get fromRevisions(): readonly string[] {
    return this.isUpgrade ? this.revision.normalizedDownRevisions : [this.revision.revision];
  }

  /** Version rows this step reaches (normalized down revisions when downgrading). */
  get toRevisions(): readonly string[] {
    return this.isUpgrade ? [this.revision.revision] : this.revision.normalizedDownRevisions;
  }

  /** As {@link fromRevisions} without dependencies (what the log line shows). */
  get fromRevisionsNoDeps(): readonly string[] {
    return this.isUpgrade ? this.revision.downRevisions : [this.revision.revision];
  }

  /** As {@link toRevisions} without dependencies (what the log line shows). */
  get toRevisionsNoDeps(): readonly string[] {
    return this.isUpgrade ? [this.revision.revision] : this.revision.downRevisions;
  }

  /** Revisions on the "up" side: `[revision]`. */
  get upRevisionIds(): readonly string[] {
    return [this.revision.revision];
  }

  /** Revisions on the "down" side: the normalized down revisions. */
  get downRevisionIds(): readonly string[] {
    return this.revision.normalizedDownRevisions;
  }

  /** `upgrade a, b -> c` */
  get shortLog(): string {
    return shortLog(this.name, this.fromRevisionsNoDeps, this.toRevisionsNoDeps);
  }

  /** `upgrade a, b -> c, doc` (the runtime prefixes `Running `). */
  toString(): string {
    const doc = this.doc;
    return doc ? `${this.shortLog}, ${doc}` : this.shortLog;
  }
}

/**
 * A version-table move with no migration code (Alembic's `StampStep`).
 * `branchMove` marks steps that insert or delete a whole branch row.
 */
export class StampStep<R extends Revision = Revision> {
  readonly fromRevisions: readonly string[];
  readonly toRevisions: readonly string[];
  readonly isUpgrade: boolean;
  readonly branchMove: boolean;
  readonly isStamp = true as const;
  readonly revision: R | null = null;
  readonly doc: string | null = null;
  readonly name = 'stamp_revision' as const;

  constructor(
    from: string | readonly string[] | null,
    to: string | readonly string[] | null,
    isUpgrade: boolean,
    branchMove: boolean,
  ) {
    this.fromRevisions = Object.freeze(from === null ? [] : typeof from === 'string' ? [from] : [...from]);
    this.toRevisions = Object.freeze(to === null ? [] : typeof to === 'string' ? [to] : [...to]);
    this.isUpgrade = isUpgrade;
    this.branchMove = branchMove;
  }

  get isDowngrade(): boolean {
    return !this.isUpgrade;
  }

  get fromRevisionsNoDeps(): readonly string[] {
    return this.fromRevisions;
  }

  get toRevisionsNoDeps(): readonly string[] {
    return this.toRevisions;
  }

  get upRevisionIds(): readonly string[] {
    return this.isUpgrade ? this.toRevisions : this.fromRevisions;
  }

  get downRevisionIds(): readonly string[] {
    return this.isUpgrade ? this.fromRevisions : this.toRevisions;
  }

  /** `stamp_revision a -> b` */
  get shortLog(): string {
    return shortLog(this.name, this.fromRevisions, this.toRevisions);
  }

  toString(): string {
    return this.shortLog;
  }
}

/** Any planned step. */
export type MigrationStep<R extends Revision = Revision> = RevisionStep<R> | StampStep<R>;

function shortLog(name: string, from: readonly string[], to: readonly string[]): string {
  return `${name} ${formatAsComma(from)} -> ${formatAsComma(to)}`;
}
