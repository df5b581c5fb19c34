/**
 * The app layer's view of the layers below it. Heavy layers (dialects and their drivers,
 * runtime, operations, schema, autogenerate) are imported lazily so that listing commands
 * (`heads`, `log`, `show`, `branches`) load only the script and revision layers.
 */
import type { Script as ScriptClass } from '../script/index.js';
import type { ScriptDirectory as ScriptDirectoryClass } from '../script/index.js';
import type { SchemaSpec as SchemaSpecType } from '../dialects/schema-nodes.js';
import { ScriptDirectory as ScriptDirectoryImpl } from '../script/index.js';
import { ResolutionError } from '../revision/index.js';
import { CommandError } from '../util/errors.js';
import type { RetortContextConfig, ResolvedConfig } from './config.js';
import type { EngineInput, MetadataInput } from './inputs.js';

export type Script = ScriptClass;
export type ScriptDirectory = ScriptDirectoryClass;
export type SchemaSpec = SchemaSpecType;

/** The engine surface the app layer uses (see docs/internals.md, dialects). */
export interface Engine {
  readonly dialect: { readonly name: string };
  readonly displayUrl: string;
  withConnection<T>(fn: (conn: any) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A runtime `MigrationContext`. */
export type MigrationContext = import('../runtime/index.js').MigrationContext;
/** An operations object bound to a connection. */
export type Operations = any;
/** Upgrade/downgrade ops and diffs of one database, as autogenerate produces them. */
export type MigrationOps = import('../autogenerate/index.js').ProducedMigrations;
/** Rendered revision bodies by database name. */
export type RevisionBodies = Record<
  string,
  { upgrade: string; downgrade: string; imports?: readonly string[] }
>;

const runtimeModule = () => import('../runtime/index.js');
// Layers still being written are loaded through a variable so this file compiles before they land.
const lazy = (path: string): Promise<any> => import(path);
const dialectsModule = () => lazy('../dialects/index.js');
const operationsModule = () => lazy('../operations/index.js');
const autogenerateModule = () => import('../autogenerate/index.js');

export function createScriptDirectory(
  config: ResolvedConfig,
  databases: readonly string[],
  onStatus: (line: string) => void,
): ScriptDirectory {
  const {
    scriptLocation: _s,
    versionLocations,
    fileTemplate,
    truncateSlugLength,
    timezone,
    postWriteHooks,
    ...rest
  } = config.options;
  return new ScriptDirectoryImpl({
    ...rest,
    scriptLocation: config.scriptLocation,
    versionLocations: (versionLocations ?? []) as any,
    fileTemplate,
    truncateSlugLength,
    timezone,
    postWriteHooks: postWriteHooks as any,
    databases: [...databases],
    root: config.root,
    onStatus,
  });
}

export async function mkdirScript(
  script: ScriptDirectory,
  _config: ResolvedConfig,
  databases: readonly string[],
): Promise<void> {
  await script.mkdir({ databases: [...databases] });
}

export function getRevisions(script: ScriptDirectory, ids: string | readonly string[] | null): Script[] {
  return script.getRevisions(ids).filter((r): r is Script => r != null);
}

export function scriptHeads(script: ScriptDirectory): string[] {
  return script.getHeads();
}

export function walkRevisions(
  script: ScriptDirectory,
  base: string | string[],
  head: string | string[],
): Script[] {
  return (script.walkRevisions as (b: any, h: any) => Script[])(base, head);
}

export async function createEngine(input: EngineInput): Promise<Engine> {
  const d = await dialectsModule();
  return d.createEngine(input) as Engine;
}

export async function createMigrationContext(args: {
  engine: Engine;
  database: string;
  script: ScriptDirectory;
  context: RetortContextConfig;
  logger: (line: string) => void;
  multi: boolean;
}): Promise<MigrationContext> {
  const { MigrationContext } = await runtimeModule();
  const c = args.context;
  return new MigrationContext({
    engine: args.engine as any,
    databaseName: args.database,
    versionTable: c.versionTable,
    versionTableSchema: c.versionTableSchema ?? null,
    transactionPerMigration: c.transactionPerMigration,
    lock: c.lockTimeout === undefined ? undefined : { timeoutMs: c.lockTimeout },
    logger: args.logger,
  });
}

export async function currentHeads(ctx: MigrationContext): Promise<string[]> {
  return ctx.getCurrentHeads();
}

/** Warning lines for applied revisions whose file changed since (docs/reliability.md). */
export async function checksumWarnings(ctx: MigrationContext, script: ScriptDirectory): Promise<string[]> {
  const rt = await runtimeModule();
  return rt.checksumWarnings(ctx as any, script.revisionMap as any);
}

export async function closeContext(_ctx: MigrationContext): Promise<void> {
  // Contexts hold no connection between runs; engines are closed by Retort.close().
}

export async function runCommand(args: {
  kind: 'upgrade' | 'downgrade' | 'stamp';
  target: string | number | string[];
  purge: boolean;
  sql: boolean;
  script: ScriptDirectory;
  contexts: Record<string, MigrationContext>;
}): Promise<{ steps: Record<string, string[]>; sql?: Record<string, string> }> {
  const rt = await runtimeModule();
  const ctxs = Object.values(args.contexts);
  const script = args.script as any;
  const opts = { sql: args.sql };
  let results: Awaited<ReturnType<typeof rt.upgrade>>;
  if (args.kind === 'upgrade') {
    const t = Array.isArray(args.target) ? args.target.join(',') : args.target;
    results = await rt.upgrade(script, ctxs, t, opts);
  } else if (args.kind === 'downgrade') {
    const t = Array.isArray(args.target) ? args.target[0] : args.target;
    results = await rt.downgrade(script, ctxs, t, opts);
  } else {
    const t = typeof args.target === 'number' ? String(args.target) : args.target;
    results = await rt.stamp(script, ctxs, t, { ...opts, purge: args.purge });
  }
  const steps: Record<string, string[]> = {};
  const sql: Record<string, string> = {};
  for (const r of results) {
    steps[r.database] = r.steps;
    if (r.sql !== undefined) sql[r.database] = r.sql;
  }
  return args.sql ? { steps, sql } : { steps };
}

/**
 * `Operations` on a live database outside any revision: each statement runs on its own
 * connection from the engine and commits by itself (as Flask-Alembic's `alembic.op`).
 */
export async function createOperations(engine: Engine, database: string): Promise<Operations> {
  const { Operations: OperationsClass } = await operationsModule();
  const connection = {
    dialect: engine.dialect,
    execute: (sql: string, params?: readonly unknown[]) =>
      engine.withConnection((conn) => conn.execute(sql, params)),
    get kysely() {
      return (engine as any).kysely;
    },
  };
  return new OperationsClass({ dialect: engine.dialect, connection, asSql: false, emit: () => {}, database });
}

function compareOptions(context: RetortContextConfig): Record<string, unknown> {
  return {
    compareType: context.compareType ?? true,
    compareServerDefault: context.compareServerDefault ?? true,
    includeObject: context.includeObject,
    includeName: context.includeName,
    includeSchemas: context.includeSchemas ?? false,
    renderAsBatch: context.renderAsBatch ?? false,
  };
}

async function onConnection<T>(ctx: MigrationContext, fn: (conn: any) => Promise<T>): Promise<T> {
  if (!ctx.engine) throw new CommandError('Autogenerate needs a database connection.');
  return ctx.engine.withConnection(fn);
}

export async function produceMigrations(args: {
  contexts: Record<string, MigrationContext>;
  metadata: Map<string, readonly MetadataInput[]>;
  context: RetortContextConfig;
}): Promise<Record<string, MigrationOps>> {
  const a = await autogenerateModule();
  const out: Record<string, MigrationOps> = {};
  for (const [name, ctx] of Object.entries(args.contexts)) {
    out[name] = await onConnection(ctx, (connection) =>
      a.produceMigrations({
        connection,
        metadata: metadataInput(args.metadata.get(name)!),
        options: compareOptions(args.context),
        versionTable: args.context.versionTable,
        versionTableSchema: args.context.versionTableSchema ?? null,
      }),
    );
  }
  return out;
}

export async function compareMetadata(
  ctx: MigrationContext,
  metadata: readonly MetadataInput[],
  context: RetortContextConfig,
): Promise<unknown[]> {
  const a = await autogenerateModule();
  const diffs = await onConnection(ctx, (connection) =>
    a.compareMetadata({
      connection,
      metadata: metadataInput(metadata),
      options: compareOptions(context),
      versionTable: context.versionTable,
      versionTableSchema: context.versionTableSchema ?? null,
    }),
  );
  return [...diffs];
}

function metadataInput(list: readonly MetadataInput[]): any {
  return list.length === 1 ? list[0] : list;
}

export function opsEmpty(m: MigrationOps): boolean {
  return m.upgradeOps.length === 0;
}

export async function renderBodies(
  upgradeOps: Record<string, readonly unknown[]>,
  downgradeOps: Record<string, readonly unknown[]>,
  context: RetortContextConfig,
): Promise<RevisionBodies> {
  const a = await autogenerateModule();
  const render = { indent: '', renderAsBatch: context.renderAsBatch ?? false };
  const out: RevisionBodies = {};
  for (const name of Object.keys(upgradeOps)) {
    out[name] = {
      upgrade: a.renderOps(upgradeOps[name] as any, render),
      downgrade: a.renderOps((downgradeOps[name] ?? []) as any, render),
    };
  }
  return out;
}

export async function generateRevision(
  script: ScriptDirectory,
  args: {
    revId: string;
    message: string;
    head: string[];
    splice: boolean;
    branchLabels: string[];
    versionPath: string | null;
    dependsOn: string[] | null;
    bodies: RevisionBodies | null;
    databases: readonly string[];
  },
): Promise<Script[]> {
  const multi = args.databases.length > 1;
  const bodies = args.bodies;
  let upgrades: string | Record<string, string> | undefined;
  let downgrades: string | Record<string, string> | undefined;
  const imports = new Set<string>();
  if (bodies) {
    for (const b of Object.values(bodies)) for (const i of b.imports ?? []) imports.add(i);
    if (multi) {
      upgrades = Object.fromEntries(Object.entries(bodies).map(([n, b]) => [n, b.upgrade]));
      downgrades = Object.fromEntries(Object.entries(bodies).map(([n, b]) => [n, b.downgrade]));
    } else {
      const only = bodies[args.databases[0]] ?? Object.values(bodies)[0];
      upgrades = only?.upgrade;
      downgrades = only?.downgrade;
    }
  }
  const created = await script.generateRevision(args.revId, args.message, {
    head: args.head,
    splice: args.splice,
    branchLabels: args.branchLabels,
    versionPath: args.versionPath,
    dependsOn: args.dependsOn,
    upgrades,
    downgrades,
    imports: [...imports],
    databases: [...args.databases],
  });
  return [created];
}

export function newRevId(script: ScriptDirectory): string {
  return script.revId();
}

/** Whether a branch label (or revision) resolves, as Flask-Alembic's check on the raw map. */
export function branchExists(script: ScriptDirectory, branch: string): boolean {
  try {
    return script.revisionMap.getRevisions(branch).some((r) => r != null);
  } catch (err) {
    if (err instanceof ResolutionError) return false;
    throw err;
  }
}
