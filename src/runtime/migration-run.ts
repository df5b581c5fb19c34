import { acquireMigrationLock } from '../dialects/index.js';
import { HeadMaintainer } from '../revision/index.js';
import { CommandError, RetortError } from '../util/errors.js';
import type {
  RuntimeConnection,
  RuntimeEngine,
  RuntimeHeadMaintainer,
  RuntimeRevisionModule,
  RuntimeStep,
  VersionAction,
} from './contracts.js';
import { revisionChecksum } from '../script/index.js';
import { ChecksumTable } from './checksums.js';
import { MigrationError } from './errors.js';
import type { MigrationContext, PlanFn, RunOptions, RunResult } from './migration-context.js';

interface Pinned {
  conn: RuntimeConnection;
  release(): Promise<void>;
}

/** Holds one connection open until `release()`: the lock and the transaction live on it. */
function pinConnection(engine: RuntimeEngine): Promise<Pinned> {
  return new Promise((resolve, reject) => {
    let unpin!: () => void;
    const held = new Promise<void>((r) => {
      unpin = r;
    });
    let handedOut = false;
    const done = engine.withConnection(async (conn: RuntimeConnection) => {
      handedOut = true;
      resolve({
        conn,
        release: async () => {
          unpin();
          await done;
        },
      });
      await held;
    });
    done.catch((err) => {
      if (!handedOut) reject(err);
    });
  });
}

/**
 * Wraps a connection so the runtime knows the last statement sent, for error messages,
 * while everything else the operations layer uses passes through unchanged.
 */
function recordingConnection(conn: RuntimeConnection, record: (sql: string) => void): RuntimeConnection {
  const execute = (sql: string, params?: readonly unknown[]) => {
    record(sql);
    return conn.execute(sql, params);
  };
  return new Proxy(conn, {
    get(target, prop, receiver) {
      if (prop === 'execute') return execute;
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** One statement as Alembic writes it offline: tabs as four spaces, trimmed, `;`-terminated. */
function terminated(sql: string): string {
  const trimmed = sql.replace(/\t/g, '    ').trim().replace(/;\s*$/, '');
  return `${trimmed};`;
}

/** The version-row changes that turn `from` into `to`: updates first, then deletes, then inserts. */
export function netActions(from: readonly string[], to: readonly string[]): VersionAction[] {
  const removed = from.filter((h) => !to.includes(h));
  const added = to.filter((h) => !from.includes(h));
  const out: VersionAction[] = [];
  const pairs = Math.min(removed.length, added.length);
  for (let i = 0; i < pairs; i++) out.push({ kind: 'update', from: removed[i], to: added[i] });
  for (const r of removed.slice(pairs)) out.push({ kind: 'delete', revision: r });
  for (const a of added.slice(pairs)) out.push({ kind: 'insert', revision: a });
  return out;
}

let operationsLoading: Promise<new (context: any) => unknown> | null = null;

/** The operations layer, imported on first use: `current` and `stamp` never load it. */
function operationsClass(): Promise<new (context: any) => unknown> {
  operationsLoading ??= import('../operations/index.js').then((mod) => mod.Operations as any);
  operationsLoading.catch(() => {
    operationsLoading = null;
  });
  return operationsLoading;
}

/** The heads an offline run starts from (`base` or nothing = none). */
export function offlineHeads(start: string | readonly string[] | null | undefined): string[] {
  if (start == null || start === '' || start === 'base') return [];
  const list = typeof start === 'string' ? [start] : [...start];
  return list.filter((r) => r && r !== 'base');
}

/** One database's run: the phases are separate so several databases can open together. */
export class MigrationRun {
  readonly #ctx: MigrationContext;
  readonly #options: RunOptions;
  #pinned: Pinned | null = null;
  #conn: RuntimeConnection | null = null;
  #unlock: (() => Promise<void>) | null = null;
  #inTransaction = false;
  #heads: string[] = [];
  #lastStatement: string | null = null;
  #sql: string[] = [];
  #steps: string[] = [];
  #finalHeads: string[] = [];
  #loads = new Map<RuntimeStep, Promise<unknown>>();
  #checksums: ChecksumTable;
  #checksumsReady = false;
  /** revision → checksum (null: no row) still to write, when rows are written at the end. */
  #pendingChecksums: Map<string, string | null> | null = null;
  /** One `Operations` for every step of the run (it holds only the context). */
  #op: unknown = null;

  constructor(ctx: MigrationContext, options: RunOptions) {
    this.#ctx = ctx;
    this.#options = options;
    this.#checksums = new ChecksumTable(ctx.dialect, ctx.versionTable);
  }

  get context(): MigrationContext {
    return this.#ctx;
  }

  #emit(text: string): void {
    this.#sql.push(text);
    this.#ctx.options.output?.(text);
  }

  #static(text: string): void {
    this.#emit(`${text}\n\n`);
  }

  /** Phase 1: connect, lock, read heads (and purge). */
  async open(): Promise<void> {
    const ctx = this.#ctx;
    if (ctx.asSql) {
      if (this.#options.purge) throw new CommandError("Can't use --purge with --sql mode");
      this.#heads = offlineHeads(ctx.options.startingRevision);
      return;
    }
    this.#pinned = await pinConnection(ctx.engine!);
    this.#conn = this.#pinned.conn;
    if (ctx.lock.enabled) {
      const release = await acquireMigrationLock(this.#conn as any, {
        timeoutMs: ctx.lock.timeoutMs,
        key: await this.#lockKey(),
      });
      this.#unlock = release;
      // SQLite's lock is its write lock: a BEGIN IMMEDIATE that the run continues in.
      if (release.openedTransaction) this.#inTransaction = true;
    }
    // Read under the lock: a deploy that waited sees what the one before it applied.
    this.#heads = await ctx.versionTable.readHeads(this.#conn);
  }

  /**
   * One lock per version table. MySQL's GET_LOCK names are server-wide, so the database
   * name is part of the key there (two databases on one server must not wait on each other).
   */
  async #lockKey(): Promise<string> {
    const vt = this.#ctx.versionTable;
    let scope = vt.schema ?? '';
    if (this.#ctx.dialect.name === 'mysql' && !vt.schema) {
      const { rows } = await this.#conn!.execute('SELECT DATABASE() AS db');
      scope = String(rows[0]?.db ?? '');
    }
    return `retort_migrations:${scope}.${vt.name}`;
  }

  /** Phase 2: the outer transaction (when DDL is transactional and not per migration). */
  async begin(): Promise<void> {
    const ctx = this.#ctx;
    if (ctx.dialect.transactionalDdl && !ctx.transactionPerMigration) await this.#beginTx();
    if (!ctx.asSql) {
      // Alembic ensures the version table inside the transaction, before any step.
      if (this.#options.purge) {
        await ctx.versionTable.ensure(this.#conn!);
        await ctx.versionTable.purge(this.#conn!);
        await this.#checksums.ensure(this.#conn!);
        await this.#checksums.purge(this.#conn!);
        this.#heads = [];
      } else if (this.#heads.length === 0) {
        await ctx.versionTable.ensure(this.#conn!);
      }
    }
  }

  async #beginTx(): Promise<void> {
    if (this.#inTransaction) return;
    if (this.#ctx.asSql) {
      this.#static('BEGIN;');
    } else {
      // SQLite: take the write lock up front; a deferred BEGIN that later writes can fail
      // with SQLITE_BUSY at once instead of waiting for a competing migrator.
      await this.#conn!.execute(this.#ctx.dialect.name === 'sqlite' ? 'BEGIN IMMEDIATE' : 'BEGIN');
    }
    this.#inTransaction = true;
  }

  async #commitTx(): Promise<void> {
    if (!this.#inTransaction) return;
    this.#inTransaction = false;
    if (this.#ctx.asSql) {
      this.#static('COMMIT;');
    } else {
      await this.#conn!.execute('COMMIT');
    }
  }

  async #rollbackTx(): Promise<void> {
    if (!this.#inTransaction) return;
    this.#inTransaction = false;
    if (!this.#ctx.asSql) await this.#conn!.execute('ROLLBACK');
  }

  /** Phase 3: plan from the heads read under the lock and run every step. */
  async execute(plan: PlanFn): Promise<void> {
    const ctx = this.#ctx;
    const revisionMap = this.#options.revisionMap ?? ctx.options.revisionMap;
    if (!revisionMap)
      throw new RetortError('MigrationContext.run needs the revision map (script.revisionMap)');
    const steps = plan([...this.#heads], ctx);
    const maintainer = new HeadMaintainer(
      revisionMap as any,
      this.#heads,
    ) as unknown as RuntimeHeadMaintainer;
    // Per-step transactions: always where DDL is not transactional (MySQL), so each
    // finished step's version row is committed with it; by option elsewhere.
    const perStep = ctx.transactionPerMigration || !ctx.dialect.transactionalDdl;
    const perStepReal = perStep && !(ctx.asSql && !ctx.dialect.transactionalDdl);
    // Import every module the plan needs, in parallel, before the first step runs: a revision
    // file that fails to load stops the run with nothing applied, even where DDL is not
    // transactional (MariaDB), as Alembic fails on import before migrating.
    const loads = new Map<RuntimeStep, Promise<unknown>>();
    for (const step of steps) {
      if (step.isStamp || !step.revision) continue;
      loads.set(step, step.revision.load());
    }
    await Promise.all(loads.values());
    this.#loads = loads;
    // Inside one outer transaction nobody can see the rows between steps, so write only the
    // net change at the end (still as guarded UPDATE/DELETE of the rows read under the lock).
    // Per-step writes remain wherever a step commits on its own or a callback watches.
    const deferRows = !ctx.asSql && !perStep && this.#inTransaction && !ctx.options.onVersionApply;
    const startHeads = [...this.#heads];
    // Checksum rows as the version rows: one net write at the end (two statements per step
    // cost as much as the step's own DDL for small migrations).
    this.#pendingChecksums = deferRows ? new Map() : null;
    // Before any step transaction: on MySQL a CREATE TABLE would commit the step's one.
    if (!ctx.asSql && steps.some((step) => !step.isStamp && step.revision)) {
      await this.#checksums.ensure(this.#conn!);
      this.#checksumsReady = true;
    }
    for (const step of steps) {
      if (perStepReal) await this.#beginTx();
      if (ctx.asSql && maintainer.heads.size === 0) this.#static(terminated(ctx.versionTable.createSql()));
      const line = String(step);
      ctx.options.logger?.(`Running ${line}`);
      if (ctx.asSql) this.#static(`-- Running ${step.shortLog}`);
      if (!step.isStamp) await this.#runStepCode(step, line);
      if (!ctx.asSql && !step.isStamp && step.revision) await this.#recordChecksum(step);
      const actions = maintainer.apply(step as any);
      if (!deferRows) {
        for (const action of actions) {
          if (ctx.asSql) this.#static(terminated(ctx.versionTable.actionSql(action)));
          else await ctx.versionTable.apply(this.#conn!, action);
        }
      }
      this.#steps.push(line);
      await ctx.options.onVersionApply?.({
        step,
        heads: [...maintainer.heads],
        actions,
        context: ctx,
        connection: this.#conn,
      });
      if (perStepReal) await this.#commitTx();
    }
    this.#finalHeads = [...maintainer.heads];
    if (deferRows) {
      for (const action of netActions(startHeads, this.#finalHeads))
        await ctx.versionTable.apply(this.#conn!, action);
      const pending = this.#pendingChecksums;
      this.#pendingChecksums = null;
      if (pending && pending.size > 0) await this.#checksums.applyNet(this.#conn!, pending);
    }
  }

  /** The revision file's sha256 beside the version rows, in the step's transaction. */
  async #recordChecksum(step: RuntimeStep): Promise<void> {
    const script = step.revision!;
    if (!this.#checksumsReady) {
      await this.#checksums.ensure(this.#conn!);
      this.#checksumsReady = true;
    }
    if (this.#pendingChecksums) {
      const checksum = step.isUpgrade ? ranChecksum(script) : null;
      // re-inserting keeps the map in the order of the last write, as the per-step rows are
      this.#pendingChecksums.delete(script.revision);
      this.#pendingChecksums.set(script.revision, checksum);
      return;
    }
    if (step.isUpgrade) {
      await this.#checksums.record(this.#conn!, script.revision, ranChecksum(script));
    } else {
      await this.#checksums.remove(this.#conn!, script.revision);
    }
  }

  async #runStepCode(step: RuntimeStep, line: string): Promise<void> {
    const ctx = this.#ctx;
    const script = step.revision;
    if (!script) return;
    // Loaded on first use: `current`, `stamp` and offline listing never need the op layer.
    this.#op ??= this.#makeOperations(await operationsClass());
    const op = this.#op;
    this.#lastStatement = null;
    try {
      const mod = (await (this.#loads.get(step) ?? script.load())) as RuntimeRevisionModule;
      const direction = step.isUpgrade ? 'upgrade' : 'downgrade';
      const fn = (mod[direction] ?? mod[`${direction}_${ctx.databaseName}`]) as
        | ((op: unknown, database: string) => unknown)
        | undefined;
      if (typeof fn !== 'function') {
        throw new RetortError(`revision file does not export a ${direction}() function`);
      }
      await fn(op, ctx.databaseName);
    } catch (err) {
      throw new MigrationError({
        revision: script.revision,
        database: ctx.databaseName,
        step: line,
        statement: this.#lastStatement,
        cause: err,
      });
    }
  }

  #makeOperations(Operations: Awaited<ReturnType<typeof operationsClass>>): unknown {
    const ctx = this.#ctx;
    return new Operations({
      dialect: ctx.dialect as any,
      connection: ctx.asSql
        ? undefined
        : (recordingConnection(this.#conn!, (sql) => {
            this.#lastStatement = sql;
          }) as any),
      asSql: ctx.asSql,
      emit: (sql: string) => {
        this.#lastStatement = sql;
        if (ctx.asSql) this.#static(terminated(sql));
      },
      database: ctx.databaseName,
    } as any);
  }

  /** Phase 4a: commit. */
  async commit(): Promise<void> {
    await this.#commitTx();
  }

  /** Phase 4b: roll back whatever is open (best effort: the original error matters more). */
  async rollback(): Promise<void> {
    try {
      await this.#rollbackTx();
    } catch {
      // The connection may already be gone; the caller rethrows the first error.
    }
  }

  /** Phase 5: release the lock and the connection. */
  async close(): Promise<void> {
    try {
      if (this.#unlock) await this.#unlock();
    } finally {
      this.#unlock = null;
      await this.#pinned?.release();
      this.#pinned = null;
    }
  }

  result(): RunResult {
    const out: RunResult = {
      database: this.#ctx.databaseName,
      steps: [...this.#steps],
      heads: [...this.#finalHeads],
    };
    if (this.#ctx.asSql) out.sql = this.#sql.join('');
    return out;
  }
}

/** The sha256 of the revision file as it was loaded: the code that ran is what is recorded. */
function ranChecksum(script: object): string | null {
  const path = (script as { path?: string }).path;
  return path ? revisionChecksum(path) : null;
}
