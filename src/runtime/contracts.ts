/**
 * The shapes the runtime needs from the layers below it (dialects, revision, script).
 *
 * They are structural on purpose: the real `Engine`, `Connection`, `Dialect`, steps and
 * `Script` objects satisfy them, and the runtime does not depend on anything those layers
 * do not promise in docs/internals.md.
 */

/** What the runtime needs of a dialect (a subset of `Dialect` in `src/dialects`). */
export interface RuntimeDialect {
  readonly name: 'sqlite' | 'postgresql' | 'mysql';
  readonly transactionalDdl: boolean;
  readonly supportsSaneRowcount: boolean;
  quoteIdentifier(name: string): string;
  literal(value: unknown): string;
}

/** One pinned connection (a subset of `Connection` in `src/dialects`). */
export interface RuntimeConnection {
  readonly dialect: RuntimeDialect;
  execute(
    sql: string,
    params?: readonly unknown[],
  ): Promise<{ rows: Record<string, unknown>[]; numAffectedRows?: bigint | number }>;
}

/** An engine handing out pinned connections (a subset of `Engine` in `src/dialects`). */
export interface RuntimeEngine {
  readonly dialect: RuntimeDialect;
  withConnection<T>(fn: (conn: any) => Promise<T>): Promise<T>;
}

/** A revision module as loaded by `Script.load()`. */
export interface RuntimeRevisionModule {
  upgrade?: (op: any, database: string) => unknown;
  downgrade?: (op: any, database: string) => unknown;
  [name: string]: unknown;
}

/** The revision a step runs (a `Script`). */
export interface RuntimeScript {
  readonly revision: string;
  load(): Promise<unknown>;
}

/** One planned step (`RevisionStep` or `StampStep` from `src/revision`). */
export interface RuntimeStep {
  readonly isUpgrade: boolean;
  readonly isStamp: boolean;
  readonly shortLog: string;
  readonly revision?: RuntimeScript | null;
  toString(): string;
}

/** A version-table change computed by the head maintainer. */
export type VersionAction =
  | { kind: 'insert'; revision: string }
  | { kind: 'update'; from: string; to: string }
  | { kind: 'delete'; revision: string };

/** Head bookkeeping for one run (`HeadMaintainer` from `src/revision`). */
export interface RuntimeHeadMaintainer {
  apply(step: any): readonly VersionAction[];
  readonly heads: ReadonlySet<string>;
}
