import { CommandError, RetortError } from '../util/errors.js';
import {
  type RetortConfig,
  type RetortContextConfig,
  type ResolvedConfig,
  defaultContext,
  resolveConfig,
  resolvePath,
} from './config.js';
import {
  type EngineInput,
  type EnginesOption,
  type MetadataInput,
  type MetadatasOption,
  checkMissingEngines,
  drizzleDatabaseTables,
  normalizeEngines,
  normalizeMetadatas,
} from './inputs.js';
import * as layers from './layers.js';
import { validateRetortOptions } from './validate-options.js';

/** Marks Retort instances across copies of the module (CLI discovery duck-types on it). */
export const RETORT_BRAND: unique symbol = Symbol.for('retort.Retort') as any;

/** A revision argument: an id or symbol (`heads`, `base`, `current`, `label@head`, `-1`), a count, a Script, or a list. */
export type RevisionArg = string | number | layers.Script | readonly (string | layers.Script)[];

/** Options of `new Retort(...)`. Every one is optional. */
export interface RetortOptions {
  /** Table metadata for autogenerate: one, a list (both for `default`), or a record by database name. */
  metadatas?: MetadatasOption;
  /** Engines: one (for `default`) or a record by database name. Default: `process.env.DATABASE_URL`. */
  engines?: EnginesOption;
  /** Flask-Alembic's `ALEMBIC` keys. */
  config?: RetortConfig;
  /** Flask-Alembic's `ALEMBIC_CONTEXT` keys. */
  context?: RetortContextConfig;
  /** Create the migrations folder and template in `initApp`. Default `true`. */
  runMkdir?: boolean;
  /** Name of the command group for mounting the CLI in an app's own CLI. Default `'db'`. */
  commandName?: string;
  /** Folder relative paths are resolved against. Default `process.cwd()`. */
  root?: string;
  /** Receives progress lines (`Running upgrade  -> 1000, init`). Default: dropped. */
  logger?: (line: string) => void;
}

/** Options of `revision()`, as Flask-Alembic's. */
export interface RevisionOptions {
  /** Don't autogenerate operations. */
  empty?: boolean;
  /** Independent branch name. Default `'default'`; `''` or `null` for none. */
  branch?: string | null;
  /** Parent revision(s). Default `'head'`. */
  parent?: RevisionArg;
  /** Allow a non-head parent. */
  splice?: boolean;
  /** Revision(s) this revision depends on. */
  depend?: RevisionArg | null;
  /** Label(s) for the new revision. */
  label?: string | readonly string[] | null;
  /** Folder to write the revision to (relative to the app root). */
  path?: string | null;
  /** Explicit id instead of `revId()`. */
  revId?: string;
}

/**
 * One revision about to be written, as `processRevisionDirectives` sees it (Alembic's
 * `MigrationScript`). Ops are per database name; `null` for an empty revision.
 */
export interface RevisionDirective {
  revId: string;
  message: string;
  head: string[];
  splice: boolean;
  branchLabels: string[];
  versionPath: string;
  dependsOn: string[] | null;
  upgradeOps: Record<string, unknown[]> | null;
  downgradeOps: Record<string, unknown[]> | null;
}

/** Options of `upgrade`/`downgrade`/`stamp`. */
export interface RunOptions {
  /** Don't touch the database: return the SQL (offline mode). */
  sql?: boolean;
  /** `stamp` only: delete every version row first. */
  purge?: boolean;
}

/** What `upgrade`/`downgrade`/`stamp` return. */
export interface RunResult {
  /** The steps run, as Alembic logs them (`upgrade  -> 1000, init`), per database. */
  readonly steps: Record<string, string[]>;
  /** The offline SQL per database (only with `sql: true`). */
  readonly sql?: Record<string, string>;
}

interface AppLike {
  locals?: Record<string, unknown>;
  decorate?: (name: string, value: unknown) => unknown;
  hasDecorator?: (name: string) => boolean;
  [key: string | symbol]: unknown;
}

/**
 * Alembic migrations inside a TypeScript app, the way Flask-Alembic does it for Flask.
 * Methods return revision objects and never print.
 *
 * @example
 * ```ts
 * import { Retort } from 'retort';
 * import * as schema from './schema.js';
 * const retort = new Retort({ metadatas: schema, engines: 'sqlite:app.db' });
 * await retort.initApp(app);
 * await retort.upgrade();
 * ```
 */
export class Retort {
  readonly [RETORT_BRAND] = true;
  readonly runMkdir: boolean;
  readonly commandName: string;
  readonly metadatas: ReadonlyMap<string, MetadataInput[]>;
  readonly engineInputs: ReadonlyMap<string, EngineInput>;
  readonly configOptions: RetortConfig;
  readonly contextOptions: RetortContextConfig;
  logger: (line: string) => void;
  /** Id of a new revision: UTC epoch seconds, as Flask-Alembic. Assign a function to change it. */
  revId: () => string = () => layers.newRevId(this.script);

  #root: string;
  #config: ResolvedConfig | null = null;
  #script: layers.ScriptDirectory | null = null;
  #engines: Map<string, layers.Engine> | null = null;
  #contexts: Promise<Record<string, layers.MigrationContext>> | null = null;
  #ops: Promise<Record<string, layers.Operations>> | null = null;
  #ready: Promise<void> = Promise.resolve();

  constructor(options: RetortOptions = {}) {
    validateRetortOptions(options);
    this.runMkdir = options.runMkdir ?? true;
    this.commandName = options.commandName ?? 'db';
    this.metadatas = normalizeMetadatas(options.metadatas);
    this.engineInputs = normalizeEngines(options.engines);
    this.configOptions = { ...(options.config ?? {}) };
    this.contextOptions = defaultContext(options.context);
    this.#root = options.root ?? process.cwd();
    this.logger = options.logger ?? (() => {});
  }

  /** Folder relative paths are resolved against. */
  get root(): string {
    return this.#root;
  }

  /** The resolved configuration (defaults filled in, folders absolute). */
  get config(): ResolvedConfig {
    this.#config ??= resolveConfig(this.#root, this.configOptions);
    return this.#config;
  }

  /** Database names, in configuration order (`['default']` for one database). */
  get databaseNames(): string[] {
    if (this.metadatas.size > 0) return [...this.metadatas.keys()];
    if (this.engineInputs.size > 0) return [...this.engineInputs.keys()];
    return ['default'];
  }

  /** The script directory (revision files). Reading it never imports revision modules. */
  get script(): layers.ScriptDirectory {
    this.#script ??= layers.createScriptDirectory(this.config, this.databaseNames, (line) =>
      this.logger(line),
    );
    return this.#script;
  }

  /**
   * Register this Retort on an app: Express (`app.locals.retort`), Fastify (`fastify.retort`),
   * Hono or any object (`app[Symbol.for('retort')]`), and create the migrations folder unless
   * `runMkdir` is false. Await it to see mkdir errors; methods wait for it anyway.
   */
  initApp(app: object): Promise<void> {
    const target = app as AppLike;
    if (target.locals && typeof target.locals === 'object') target.locals.retort = this;
    if (typeof target.decorate === 'function' && typeof target.hasDecorator === 'function') {
      if (!target.hasDecorator('retort')) target.decorate('retort', this);
    }
    Object.defineProperty(target, Symbol.for('retort'), { value: this, configurable: true });
    if (this.runMkdir) {
      const pending = this.mkdir();
      // Methods wait for mkdir. The handler also keeps a caller that does not await
      // initApp from crashing on an unhandled rejection; one that awaits still sees it.
      this.#ready = pending.catch(() => {});
      return pending;
    }
    return Promise.resolve();
  }

  /** The Retort registered on an app by `initApp`, or `null`. */
  static fromApp(app: unknown): Retort | null {
    if (app == null || (typeof app !== 'object' && typeof app !== 'function')) return null;
    const a = app as AppLike;
    const found = a[Symbol.for('retort')] ?? a.locals?.retort ?? a.retort;
    return isRetort(found) ? found : null;
  }

  /** Create the script folder, its template and every version location. */
  async mkdir(): Promise<void> {
    await layers.mkdirScript(this.script, this.config, this.databaseNames);
  }

  // ---- engines and contexts ------------------------------------------------------------

  #engineInputsResolved(): Map<string, EngineInput> {
    const inputs = new Map(this.engineInputs);
    if (inputs.size === 0) {
      const url = process.env.DATABASE_URL;
      if (!url) {
        throw new CommandError('No database configured: pass `engines` to Retort, or set DATABASE_URL.');
      }
      inputs.set('default', url);
    }
    checkMissingEngines(this.metadatas.keys(), inputs.keys());
    return inputs;
  }

  /** Engines by database name (created on first use, closed by `close()`). */
  async getEngines(): Promise<Map<string, layers.Engine>> {
    if (this.#engines) return this.#engines;
    const inputs = this.#engineInputsResolved();
    const engines = new Map<string, layers.Engine>();
    for (const name of this.databaseNames) {
      const input = inputs.get(name);
      if (input === undefined) throw new CommandError(`Missing engine config for '${name}'.`);
      engines.set(name, await layers.createEngine(input));
    }
    this.#engines = engines;
    return engines;
  }

  /** Table metadata by database name (Drizzle databases' own tables when none were given). */
  getMetadata(): Map<string, readonly MetadataInput[]> {
    const out = new Map<string, readonly MetadataInput[]>();
    for (const name of this.databaseNames) {
      let inputs: readonly MetadataInput[] | undefined = this.metadatas.get(name);
      if (!inputs || inputs.length === 0) {
        const tables = drizzleDatabaseTables(this.engineInputs.get(name));
        if (tables) inputs = [tables];
      }
      if (!inputs || inputs.length === 0) {
        throw new CommandError(
          "No table metadata: pass 'metadatas' when creating Retort, or an engine that is a Drizzle database built with a schema.",
        );
      }
      out.set(name, inputs);
    }
    return out;
  }

  /** A migration context per database (on a live connection). */
  get migrationContexts(): Promise<Record<string, layers.MigrationContext>> {
    this.#contexts ??= (async () => {
      await this.#ready;
      const engines = await this.getEngines();
      const out: Record<string, layers.MigrationContext> = {};
      for (const [name, engine] of engines) {
        out[name] = await layers.createMigrationContext({
          engine,
          database: name,
          script: this.script,
          context: this.contextOptions,
          logger: (line) => this.logger(line),
          multi: engines.size > 1,
        });
      }
      return out;
    })();
    this.#contexts.catch(() => {
      this.#contexts = null;
    });
    return this.#contexts;
  }

  /** The migration context of the `default` database (or the only one). */
  get migrationContext(): Promise<layers.MigrationContext> {
    return this.migrationContexts.then((all) => pickDefault(all, 'migration context'));
  }

  /** `Operations` bound to each database's live connection. */
  get ops(): Promise<Record<string, layers.Operations>> {
    this.#ops ??= (async () => {
      const engines = await this.getEngines();
      const out: Record<string, layers.Operations> = {};
      for (const [name, engine] of engines) out[name] = await layers.createOperations(engine, name);
      return out;
    })();
    return this.#ops;
  }

  /** `Operations` of the `default` database (or the only one). */
  get op(): Promise<layers.Operations> {
    return this.ops.then((all) => pickDefault(all, 'operations'));
  }

  // ---- listing ---------------------------------------------------------------------------

  #revisions(ids: string | readonly string[] | null): layers.Script[] {
    return layers.getRevisions(this.script, ids);
  }

  /** Revisions the `default` database is at (its version table rows, as scripts). */
  async current(database?: string): Promise<layers.Script[]> {
    const all = await this.currentByDatabase();
    const name = database ?? (all.default ? 'default' : Object.keys(all)[0]);
    const found = all[name];
    if (!found) throw new CommandError(`No database named '${name}'.`);
    return found;
  }

  /** Current revisions of every database. */
  async currentByDatabase(): Promise<Record<string, layers.Script[]>> {
    await this.#ready;
    const contexts = await this.migrationContexts;
    const out: Record<string, layers.Script[]> = {};
    for (const [name, ctx] of Object.entries(contexts)) {
      out[name] = this.#revisions(await layers.currentHeads(ctx));
      // Applied revisions whose file changed since: logged, and on the result as `warnings`.
      const warnings = await this.#checksumWarnings(ctx);
      Object.defineProperty(out[name], 'warnings', { value: warnings, enumerable: false });
    }
    return out;
  }

  async #checksumWarnings(ctx: layers.MigrationContext): Promise<string[]> {
    const warnings = await layers.checksumWarnings(ctx, this.script);
    for (const line of warnings) this.logger(line);
    return warnings;
  }

  /** Whether any database is not at all head revisions. */
  async needsUpgrade(): Promise<boolean> {
    const heads = new Set((await this.heads()).map((r) => r.revision));
    for (const current of Object.values(await this.currentByDatabase())) {
      const ids = new Set(current.map((r) => r.revision));
      if (ids.size !== heads.size || [...ids].some((id) => !heads.has(id))) return true;
    }
    return false;
  }

  /** Revisions without child revisions. */
  async heads(resolveDependencies = false): Promise<layers.Script[]> {
    await this.#ready;
    if (resolveDependencies) return this.#revisions('heads');
    return this.#revisions(layers.scriptHeads(this.script));
  }

  /** Revisions with more than one next revision. */
  async branches(): Promise<layers.Script[]> {
    await this.#ready;
    return layers.walkRevisions(this.script, 'base', 'heads').filter((r) => r.isBranchPoint);
  }

  /** Revisions from `end` down to `start`, in the order `log` prints them (newest first). */
  async log(start: RevisionArg = 'base', end: RevisionArg = 'heads'): Promise<layers.Script[]> {
    await this.#ready;
    const s = await this.#simplify(start, { current: true });
    const e = await this.#simplify(end, { current: true });
    return layers.walkRevisions(this.script, one(s), one(e));
  }

  /** The scripts for revision ids or symbols (`show`). */
  async show(revisions: RevisionArg): Promise<layers.Script[]> {
    await this.#ready;
    const ids = await this.#simplify(revisions, { current: true });
    return this.#revisions(ids);
  }

  // ---- running ---------------------------------------------------------------------------

  /** Revision arguments as id strings; `current` becomes the database's revisions when allowed. */
  async #simplify(rev: RevisionArg | null | undefined, opts: { current?: boolean } = {}): Promise<string[]> {
    if (rev == null) return [];
    if (typeof rev === 'number') return [rev >= 0 ? `+${rev}` : String(rev)];
    if (typeof rev === 'string') {
      if (rev === 'current' && opts.current) return (await this.current()).map((r) => r.revision);
      return [rev];
    }
    if (Array.isArray(rev)) return rev.map((r) => (typeof r === 'string' ? r : r.revision));
    return [(rev as layers.Script).revision];
  }

  async #run(
    kind: 'upgrade' | 'downgrade' | 'stamp',
    target: string | number | string[],
    options: RunOptions,
  ): Promise<RunResult> {
    await this.#ready;
    const contexts = await this.migrationContexts;
    return layers.runCommand({
      kind,
      target,
      purge: options.purge ?? false,
      sql: options.sql ?? false,
      script: this.script,
      contexts,
    });
  }

  #target(target: RevisionArg): string | number | string[] {
    if (typeof target === 'string' || typeof target === 'number') return target;
    if (Array.isArray(target)) return target.map((r) => (typeof r === 'string' ? r : r.revision));
    return (target as layers.Script).revision;
  }

  /**
   * Run migrations up to `target` (default `heads`). A numeric string is a revision when one
   * matches, else a relative count (Flask-Alembic 3.2). With `sql`, returns the SQL instead
   * (`start:end` ranges allowed).
   */
  async upgrade(target: RevisionArg = 'heads', options: RunOptions = {}): Promise<RunResult> {
    return this.#run('upgrade', this.#target(target), options);
  }

  /** Run migrations down to `target` (default `-1`; an integer counts down). */
  async downgrade(target: RevisionArg = -1, options: RunOptions = {}): Promise<RunResult> {
    return this.#run('downgrade', this.#target(target), options);
  }

  /** Set the version table to `target` (default `heads`) without running migrations. */
  async stamp(target: RevisionArg = 'heads', options: RunOptions = {}): Promise<RunResult> {
    const t = this.#target(target);
    return this.#run('stamp', typeof t === 'number' ? String(t) : t, options);
  }

  // ---- writing ---------------------------------------------------------------------------

  /**
   * Create a revision; autogenerated from the metadata unless `empty`. With a `branch` (default
   * `'default'`) the parent `head`/`base` means `<branch>@head`/`<branch>@base`, and the first
   * revision of a branch that does not exist yet starts from base, carries the branch label and
   * goes to the branch's version location.
   */
  async revision(message: string, options: RevisionOptions = {}): Promise<layers.Script[]> {
    await this.#ready;
    const branch = options.branch === undefined ? 'default' : options.branch;
    let parent = await this.#simplify(options.parent ?? 'head');
    const depend = options.depend == null ? null : await this.#simplify(options.depend);
    const label =
      options.label == null ? [] : typeof options.label === 'string' ? [options.label] : [...options.label];
    let path = options.path ?? null;

    if (branch) {
      parent = parent.map((p) => (p === 'base' || p === 'head' ? `${branch}@${p}` : p));
      if (!path) path = this.config.branchLocations.get(branch) ?? null;
      if (!layers.branchExists(this.script, branch)) {
        label.unshift(branch);
        parent = ['base'];
      }
    }
    const versionPath = path ? resolvePath(this.#root, path) : this.config.scriptLocation;

    let produced: Record<string, layers.MigrationOps> | null = null;
    if (!options.empty || this.configOptions.revisionEnvironment) {
      const contexts = await this.migrationContexts;
      await this.#checkUpToDate(contexts);
      if (!options.empty) {
        produced = await layers.produceMigrations({
          contexts,
          metadata: this.getMetadata(),
          context: this.contextOptions,
        });
      }
    }
    const directives: RevisionDirective[] = [
      {
        revId: options.revId ?? this.revId(),
        message,
        head: parent,
        splice: options.splice ?? false,
        branchLabels: label,
        versionPath,
        dependsOn: depend,
        upgradeOps: produced
          ? Object.fromEntries(Object.entries(produced).map(([n, m]) => [n, [...m.upgradeOps]]))
          : null,
        downgradeOps: produced
          ? Object.fromEntries(Object.entries(produced).map(([n, m]) => [n, [...m.downgradeOps]]))
          : null,
      },
    ];
    // As Alembic's process_revision_directives: the hook may edit the directives or empty the list.
    const hook = this.contextOptions.processRevisionDirectives;
    if (hook) await hook(directives, { retort: this, produced });
    const created: layers.Script[] = [];
    for (const d of directives) {
      created.push(
        ...(await layers.generateRevision(this.script, {
          revId: d.revId,
          message: d.message,
          head: d.head,
          splice: d.splice,
          branchLabels: d.branchLabels,
          versionPath: d.versionPath,
          dependsOn: d.dependsOn,
          bodies: d.upgradeOps
            ? await layers.renderBodies(d.upgradeOps, d.downgradeOps ?? {}, this.contextOptions)
            : null,
          databases: this.databaseNames,
        })),
      );
    }
    return created;
  }

  async #checkUpToDate(contexts: Record<string, layers.MigrationContext>): Promise<void> {
    const heads = new Set(this.#revisions('heads').map((r) => r.revision));
    for (const ctx of Object.values(contexts)) {
      const current = new Set(this.#revisions(await layers.currentHeads(ctx)).map((r) => r.revision));
      if (current.size !== heads.size || [...current].some((id) => !heads.has(id))) {
        throw new CommandError('Target database is not up to date.');
      }
    }
  }

  /** Create a merge revision of `revisions` (default `heads`); message defaults to `merge <revisions>`. */
  async merge(
    revisions: RevisionArg = 'heads',
    options: { message?: string | null; label?: string | readonly string[] | null; revId?: string } = {},
  ): Promise<layers.Script> {
    await this.#ready;
    const revs = await this.#simplify(revisions);
    const message = options.message ?? `merge ${revs.join(', ')}`;
    const label =
      options.label == null ? [] : typeof options.label === 'string' ? [options.label] : [...options.label];
    const [created] = await layers.generateRevision(this.script, {
      revId: options.revId ?? this.revId(),
      message,
      head: revs,
      splice: false,
      branchLabels: label,
      versionPath: null,
      dependsOn: null,
      bodies: null,
      databases: this.databaseNames,
    });
    return created;
  }

  // ---- autogenerate ----------------------------------------------------------------------

  /** The upgrade and downgrade operations a new revision would hold, per database. */
  async produceMigrations(): Promise<Record<string, layers.MigrationOps>> {
    await this.#ready;
    const contexts = await this.migrationContexts;
    return layers.produceMigrations({
      contexts,
      metadata: this.getMetadata(),
      context: this.contextOptions,
    });
  }

  /** The differences between the metadata and the `default` database (or the only one). */
  async compareMetadata(): Promise<unknown[]> {
    await this.#ready;
    const contexts = await this.migrationContexts;
    const name = contexts.default ? 'default' : Object.keys(contexts)[0];
    const metadata = this.getMetadata();
    return layers.compareMetadata(contexts[name], metadata.get(name)!, this.contextOptions);
  }

  /** Whether autogenerate finds any change in any database. */
  async needsRevision(): Promise<boolean> {
    await this.#ready;
    for (const ctx of Object.values(await this.migrationContexts)) await this.#checksumWarnings(ctx);
    const all = await this.produceMigrations();
    return Object.values(all).some((m) => !layers.opsEmpty(m));
  }

  /** Close the connections Retort opened (never the app's own Kysely/Drizzle clients). */
  async close(): Promise<void> {
    const engines = this.#engines;
    const contexts = this.#contexts;
    this.#engines = null;
    this.#contexts = null;
    this.#ops = null;
    if (contexts) {
      const ctxs = await contexts.catch(() => ({}) as Record<string, layers.MigrationContext>);
      for (const ctx of Object.values(ctxs)) await layers.closeContext(ctx);
    }
    if (engines) for (const engine of engines.values()) await engine.close();
  }
}

/** Whether `value` is a Retort (also one from another copy of this module). */
export function isRetort(value: unknown): value is Retort {
  return typeof value === 'object' && value !== null && (value as any)[RETORT_BRAND] === true;
}

function one(ids: string[]): string | string[] {
  return ids.length === 1 ? ids[0] : ids;
}

function pickDefault<T>(all: Record<string, T>, what: string): T {
  const value = all.default ?? Object.values(all)[0];
  if (value === undefined) throw new RetortError(`No ${what}: no database configured.`);
  return value;
}
