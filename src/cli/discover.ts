import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Retort } from '../app/index.js';
import { RetortError } from '../util/errors.js';

/** Where the CLI gets its Retort from. */
export interface DiscoverOptions {
  /** `--app PATH[:EXPORT]` (else `RETORT_APP`). */
  app?: string;
  /** `--url URL` (else `DATABASE_URL`). */
  url?: string;
  /** `--migrations DIR`. */
  migrations?: string;
  /** Folder to search from. Default `process.cwd()`. */
  cwd?: string;
}

/** Files searched, in order, when no app is named. */
export const DEFAULT_APP_FILES: readonly string[] = [
  'retort.config.ts',
  'retort.config.mts',
  'retort.config.js',
  'retort.config.mjs',
  'src/app.ts',
  'src/app.mts',
  'src/app.js',
  'src/app.mjs',
  'app.ts',
  'app.mts',
  'app.js',
  'app.mjs',
];

/** Export names tried, in order, when `PATH` has no `:EXPORT`. */
const DEFAULT_EXPORTS = ['retort', 'default', 'app', 'createApp', 'createRetort'];
const EXTENSIONS = ['.ts', '.mts', '.js', '.mjs', '.cts', '.cjs'];
const BRAND = Symbol.for('retort.Retort');

/** Split `PATH[:EXPORT]`, leaving Windows drive letters (`C:\…`) alone. */
export function parseAppSpec(spec: string): { path: string; exportName: string | null } {
  const i = spec.lastIndexOf(':');
  if (i > 1 && !/[\\/]/.test(spec.slice(i + 1))) {
    return { path: spec.slice(0, i), exportName: spec.slice(i + 1) || null };
  }
  return { path: spec, exportName: null };
}

function resolveFile(cwd: string, path: string): string {
  const full = isAbsolute(path) ? path : resolve(cwd, path);
  if (existsSync(full) && statSync(full).isFile()) return full;
  for (const ext of EXTENSIONS) if (existsSync(full + ext)) return full + ext;
  if (existsSync(full) && statSync(full).isDirectory()) {
    for (const name of DEFAULT_APP_FILES) if (existsSync(join(full, name))) return join(full, name);
  }
  throw new RetortError(`Could not find the app file '${path}'.`);
}

/** Import a module; TypeScript goes through tsx, loaded only here. */
export async function importFile(file: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(file).href;
  const ext = extname(file);
  if (['.ts', '.mts', '.cts', '.tsx'].includes(ext)) {
    // .mts is an ES module by definition: straight to the ES module hooks
    const required = ext === '.mts' ? null : requireTypeScript(file);
    if (required) return required;
    // Every module loaded while tsx's hooks are registered pays a round trip to the hooks
    // thread. When the app imports retort, load retort's own module graph first, so that
    // mostly the app's files go through tsx. tsx is registered globally (not tsImport's
    // namespace, which would load a second copy of every module the app imports).
    if (/from\s+['"]retort(\/[a-z]+)?['"]/.test(readFileSync(file, 'utf8'))) await import('../app/index.js');
    const { register } = await import('tsx/esm/api');
    register();
  }
  return (await import(url)) as Record<string, unknown>;
}

/**
 * Requires a TypeScript app file through tsx's CommonJS hook, as drizzle-kit loads a schema.
 * That hook compiles in this thread; tsx's ES module hooks run in a worker that every import
 * waits on, Drizzle's hundreds of files included (about 0.3 s for a 500-table app). `null`
 * when the file cannot be CommonJS: top-level `await`, or an ES module this Node cannot
 * `require` (before 20.19); it is then imported through the ES module hooks. Errors thrown
 * by the app itself are the app's and are reported.
 */
function requireTypeScript(file: string): Record<string, unknown> | null {
  if (!commonJsHookRegistered) {
    (require('tsx/cjs/api') as { register(): unknown }).register();
    commonJsHookRegistered = true;
  }
  try {
    return require(file) as Record<string, unknown>;
  } catch (err) {
    if (cannotBeCommonJs(err)) return null;
    throw err;
  }
}

const require = createRequire(import.meta.url);
let commonJsHookRegistered = false;
const NOT_COMMONJS = new Set(['ERR_REQUIRE_ESM', 'ERR_REQUIRE_ASYNC_MODULE', 'ERR_REQUIRE_CYCLE_MODULE']);

function cannotBeCommonJs(err: unknown): boolean {
  const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && NOT_COMMONJS.has(code)) return true;
  return typeof message === 'string' && /Top-level await|top-level ['"]?await/i.test(message);
}

function isRetort(value: unknown): value is Retort {
  return typeof value === 'object' && value !== null && (value as any)[BRAND] === true;
}

function retortOnApp(value: unknown): Retort | null {
  if (value == null || (typeof value !== 'object' && typeof value !== 'function')) return null;
  const v = value as any;
  for (const found of [v[Symbol.for('retort')], v.locals?.retort, v.retort]) {
    if (isRetort(found)) return found;
  }
  return null;
}

/**
 * Turn an export into a Retort: a Retort itself, an app on which `initApp` ran (Express,
 * Fastify, Hono or any object), or a (possibly async) factory of either.
 */
export async function toRetort(value: unknown, what: string): Promise<Retort> {
  let current = await value;
  for (let depth = 0; depth < 3; depth++) {
    if (isRetort(current)) return current;
    const onApp = retortOnApp(current);
    if (onApp) return onApp;
    const v = current as any;
    // Fastify decorates during plugin loading: wait for it.
    if (v && typeof v.ready === 'function' && typeof v.decorate === 'function') {
      await v.ready();
      const ready = retortOnApp(v);
      if (ready) return ready;
    }
    // A plain function that is not an app (Express apps are functions with `locals`): a factory.
    if (typeof current === 'function' && !('locals' in v) && !('use' in v)) {
      current = await v();
      continue;
    }
    break;
  }
  throw new RetortError(
    `${what} is not a Retort, an app on which retort.initApp(app) ran, or a factory of either.`,
  );
}

/** Load the Retort of an app module (`PATH[:EXPORT]`). */
export async function loadApp(spec: string, cwd: string): Promise<Retort> {
  const { path, exportName } = parseAppSpec(spec);
  const file = resolveFile(cwd, path);
  const mod = await importFile(file);
  if (exportName) {
    if (!(exportName in mod)) throw new RetortError(`'${path}' has no export named '${exportName}'.`);
    return toRetort(mod[exportName], `Export '${exportName}' of '${path}'`);
  }
  for (const name of DEFAULT_EXPORTS) {
    if (mod[name] !== undefined) return toRetort(mod[name], `Export '${name}' of '${path}'`);
  }
  throw new RetortError(`'${path}' exports no Retort (tried ${DEFAULT_EXPORTS.join(', ')}).`);
}

/** The first default app file under `cwd`, or `null`. */
export function findDefaultApp(cwd: string): string | null {
  for (const name of DEFAULT_APP_FILES) {
    const full = join(cwd, name);
    if (existsSync(full)) return full;
  }
  return null;
}

/**
 * Find the Retort the CLI works on: `--app`/`RETORT_APP`; else, without `--url`/`--migrations`,
 * the default search; else flags only (`--url`/`DATABASE_URL`, `--migrations`, default
 * `migrations`).
 */
export async function discoverRetort(options: DiscoverOptions): Promise<Retort> {
  const cwd = options.cwd ?? process.cwd();
  const spec = options.app ?? process.env.RETORT_APP;
  if (spec) return loadApp(spec, cwd);
  if (options.url === undefined && options.migrations === undefined) {
    const found = findDefaultApp(cwd);
    if (found) return loadApp(found, cwd);
  }
  const { Retort } = await import('../app/index.js');
  const url = options.url ?? process.env.DATABASE_URL;
  return new Retort({
    root: cwd,
    engines: url,
    config: options.migrations ? { scriptLocation: options.migrations } : {},
    runMkdir: false,
  });
}
