import { CommandError, RetortError } from '../util/errors.js';
import type {
  RuntimeConnection,
  RuntimeDialect,
  RuntimeEngine,
  RuntimeStep,
  VersionAction,
} from './contracts.js';
import { MigrationRun, offlineHeads } from './migration-run.js';
import { runMigrations } from './run-migrations.js';
import { VersionTable } from './version-table.js';

/** What `onVersionApply` receives after each step's version rows are written (before commit). */
export interface VersionApplyInfo {
  step: RuntimeStep;
  /** The heads after the step. */
  heads: readonly string[];
  actions: readonly VersionAction[];
  context: MigrationContext;
  /** Online: the connection the run holds (inside its transaction). */
  connection: RuntimeConnection | null;
}

/** Options of one database's migration context. Give `engine` (online) or `dialect` + `asSql` (offline). */
export interface MigrationContextOptions {
  /** Online: the engine to migrate. */
  engine?: RuntimeEngine;
  /** Offline: the dialect to render SQL for (defaults to the engine's). */
  dialect?: RuntimeDialect;
  /** Offline (`--sql`) mode. */
  asSql?: boolean;
  /** Offline: receives the SQL text in chunks (each ends with a blank line). */
  output?: (sql: string) => void;
  /** Offline: the heads to start from (full ids; `base` or none = empty database). */
  startingRevision?: string | readonly string[] | null;
  /** Name passed to `upgrade(op, database)`; default `default`. */
  databaseName?: string;
  versionTable?: string;
  versionTableSchema?: string | null;
  /** One transaction per revision instead of one for the whole run (default false). */
  transactionPerMigration?: boolean;
  /** The cross-process migration lock; enabled by default with a 60 s timeout. */
  lock?: { enabled?: boolean; timeoutMs?: number };
  /** Receives Alembic's step lines (`Running upgrade  -> 1000, init`). Nothing is printed otherwise. */
  logger?: (line: string) => void;
  onVersionApply?: (info: VersionApplyInfo) => void | Promise<void>;
  /** The revision map the head maintainer needs (`script.revisionMap`); may also be passed to `run`. */
  revisionMap?: unknown;
}

/** Plans the steps for a database from its current heads (read under the lock). */
export type PlanFn = (heads: readonly string[], context: MigrationContext) => readonly RuntimeStep[];

/** Extra arguments of a run. */
export interface RunOptions {
  /** `script.revisionMap`, for the head maintainer (else the context's `revisionMap`). */
  revisionMap?: unknown;
  /** Delete every version row before planning (`stamp --purge`). Not allowed offline. */
  purge?: boolean;
}

/** What a run did on one database. */
export interface RunResult {
  database: string;
  /** Each step's log text without `Running ` (`upgrade  -> 1000, init`). */
  steps: string[];
  /** The heads after the run. */
  heads: string[];
  /** Offline: the SQL text written. */
  sql?: string;
}
/**
 * Runs migration steps against one database, online (an engine) or offline (SQL text).
 *
 * @example
 * const ctx = new MigrationContext({ engine, logger: (l) => console.error(l) });
 * await ctx.run((heads) => script.upgradeRevs('heads', heads), { revisionMap: script.revisionMap });
 */
export class MigrationContext {
  readonly engine: RuntimeEngine | null;
  readonly dialect: RuntimeDialect;
  readonly asSql: boolean;
  readonly databaseName: string;
  readonly versionTable: VersionTable;
  readonly transactionPerMigration: boolean;
  readonly lock: { readonly enabled: boolean; readonly timeoutMs: number };
  readonly options: Readonly<MigrationContextOptions>;

  constructor(options: MigrationContextOptions) {
    const dialect = options.dialect ?? options.engine?.dialect;
    if (!dialect) throw new RetortError('MigrationContext needs an engine (online) or a dialect (offline)');
    if (!options.asSql && !options.engine)
      throw new RetortError('MigrationContext needs an engine unless asSql is set');
    if (!options.asSql && options.startingRevision != null) {
      throw new CommandError("Can't specify current_rev to context when using a database connection");
    }
    this.options = { ...options };
    this.engine = options.asSql ? (options.engine ?? null) : options.engine!;
    this.dialect = dialect;
    this.asSql = options.asSql === true;
    this.databaseName = options.databaseName ?? 'default';
    this.versionTable = new VersionTable(dialect, {
      name: options.versionTable,
      schema: options.versionTableSchema,
    });
    this.transactionPerMigration = options.transactionPerMigration ?? false;
    this.lock = { enabled: options.lock?.enabled ?? true, timeoutMs: options.lock?.timeoutMs ?? 60_000 };
  }

  /** The same configuration, offline: renders SQL instead of running it. */
  toOffline(
    opts: { output?: (sql: string) => void; startingRevision?: string | readonly string[] | null } = {},
  ) {
    const { engine: _engine, ...rest } = this.options;
    return new MigrationContext({
      ...rest,
      dialect: this.dialect,
      asSql: true,
      output: opts.output ?? this.options.output,
      startingRevision: opts.startingRevision ?? null,
    });
  }

  /**
   * The heads in the version table (`[]` when it is missing). Never creates or changes
   * anything. Offline: the starting revision(s).
   */
  async getCurrentHeads(): Promise<string[]> {
    if (this.asSql) return offlineHeads(this.options.startingRevision);
    return this.engine!.withConnection((conn: RuntimeConnection) => this.versionTable.readHeads(conn));
  }

  /**
   * Plans and runs steps: pins a connection, takes the migration lock, re-reads the heads,
   * opens the transaction, runs each step and its version-row changes, commits.
   */
  async run(plan: PlanFn, options: RunOptions = {}): Promise<RunResult> {
    const [result] = await runMigrations([this], plan, options);
    return result;
  }

  /** @internal One run on this context; `runMigrations` drives several in lock-step. */
  _startRun(options: RunOptions): MigrationRun {
    return new MigrationRun(this, options);
  }
}
