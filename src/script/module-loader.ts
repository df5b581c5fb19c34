import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileFunction } from 'node:vm';
import { RetortError } from '../util/errors.js';
import { CompileCache, type CompiledRevision } from './compile-cache.js';

/** tsx namespace for revision modules: only imports made through it are compiled by tsx. */
const NAMESPACE = 'retort-revisions';
const TYPESCRIPT = /\.(c|m)?tsx?$/;
const requireHere = createRequire(import.meta.url);

type ScopedRequire = (id: string, from: string) => unknown;
type ScopedImport = (specifier: string, parent: string) => Promise<unknown>;

let cjsLoader: ScopedRequire | null = null;
let esmLoader: Promise<ScopedImport> | null = null;
const cache = new Map<string, Promise<Record<string, unknown>>>();

/**
 * tsx's CommonJS hook under our namespace, registered once. TypeScript files outside an ESM
 * package are compiled to CommonJS and `require` their TypeScript siblings through it.
 */
function typescriptRequire(): ScopedRequire {
  if (!cjsLoader) {
    const api = requireHere('tsx/cjs/api') as {
      register(options: { namespace: string }): { require: ScopedRequire };
    };
    cjsLoader = api.register({ namespace: NAMESPACE }).require;
  }
  return cjsLoader;
}

/**
 * tsx's ESM hook under the same namespace, registered once (per-file `tsImport` registers a
 * loader each time: about ten times slower over hundreds of revisions).
 */
function typescriptImport(): Promise<ScopedImport> {
  typescriptRequire();
  esmLoader ??= import('tsx/esm/api').then(({ register }) => register({ namespace: NAMESPACE }).import);
  return esmLoader;
}

function loadError(path: string, err: unknown): RetortError {
  if (err instanceof RetortError) return err;
  const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
  return new RetortError(`Can't load revision file ${path}: ${why}`, { cause: err });
}

/**
 * Imports a revision module. A self-contained file (no runtime imports, no `import.meta`, no
 * top-level `await`: what `retort revision` writes) is compiled once by esbuild into a
 * function cached on disk by content hash, and then runs without a module loader; anything
 * else goes through tsx for TypeScript or native `import()` for JavaScript. Cached per path;
 * a failed import is forgotten so it can be retried.
 */
export function importModule(path: string): Promise<Record<string, unknown>> {
  let loading = cache.get(path);
  if (!loading) {
    loading = (async () => {
      try {
        const direct = await loadSelfContained(path);
        if (direct) return direct;
        const url = pathToFileURL(path).href;
        if (TYPESCRIPT.test(path))
          return (await (
            await typescriptImport()
          )(url, import.meta.url)) as Record<string, unknown>;
        return (await import(url)) as Record<string, unknown>;
      } catch (err) {
        throw loadError(path, err);
      }
    })();
    cache.set(path, loading);
    loading.catch(() => cache.delete(path));
  }
  return loading;
}

const checksums = new Map<string, string>();

/** sha256 (hex) of a file's bytes as they are now; `null` when the file cannot be read. */
export function fileDigest(path: string): string | null {
  try {
    return sha256(readFileSync(path));
  } catch {
    return null;
  }
}

/**
 * sha256 (hex) of a revision file's bytes as they were when it was loaded (the code that ran),
 * else as they are now; `null` when the file cannot be read.
 */
export function revisionChecksum(path: string): string | null {
  return checksums.get(path) ?? fileDigest(path);
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

type Esbuild = typeof import('esbuild');
let esbuild: Promise<Esbuild> | null = null;
let esbuildVersion: string | null = null;
let compiling = 0;
const unsaved = new Set<CompileCache>();
type EsbuildLoader = 'ts' | 'tsx' | 'js' | 'jsx';
const LOADERS: Record<string, EsbuildLoader> = {
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.tsx': 'tsx',
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
  '.jsx': 'jsx',
};

function compilerVersion(): string {
  esbuildVersion ??= (requireHere('esbuild/package.json') as { version: string }).version;
  return `esbuild ${esbuildVersion}`;
}

async function loadSelfContained(path: string): Promise<Record<string, unknown> | null> {
  const loader = LOADERS[extname(path)];
  if (!loader) return null;
  const source = readFileSync(path);
  const digest = sha256(source);
  checksums.set(path, digest);
  const key = `${digest}:${loader}`;
  const store = CompileCache.for(dirname(path), compilerVersion());
  let code = store.get(key);
  if (code === undefined) {
    compiling++;
    try {
      code = await compile(source.toString('utf8'), loader, path);
      store.set(key, code);
      unsaved.add(store);
    } finally {
      // one write per cache once every pending compile has finished (they run in parallel,
      // across all version locations)
      if (--compiling === 0) {
        for (const pending of unsaved) pending.save();
        unsaved.clear();
      }
    }
  }
  return code === null ? null : evaluate(code, path);
}

/**
 * CommonJS for esbuild's loader `loader`, or `null` when the result would need a module
 * loader: a `require`/`import` left in the output, any warning (`import.meta` becomes an
 * empty object) or an error (top-level `await` cannot be CommonJS; real syntax errors are
 * reported by the loader that follows, with its own message).
 */
async function compile(source: string, loader: EsbuildLoader, path: string): Promise<CompiledRevision> {
  try {
    const result = await transform(source, loader, path);
    if (result.warnings.length > 0 || /\b(?:require|import)\b/.test(result.code)) return null;
    return plainExports(result.code, await helperPreamble());
  } catch {
    return null;
  }
}

async function transform(source: string, loader: EsbuildLoader, path: string) {
  esbuild ??= import('esbuild');
  return (await esbuild).transform(source, {
    loader,
    format: 'cjs',
    target: `node${process.versions.node.split('.')[0]}`,
    sourcefile: path,
  });
}

let preamble: Promise<string> | null = null;

/** The helpers esbuild puts before every CommonJS module that only exports. */
function helperPreamble(): Promise<string> {
  preamble ??= transform('export const probe = 1;', 'js', 'probe.js').then(({ code }) =>
    code.slice(0, code.indexOf('var probe_exports')),
  );
  return preamble;
}

const EXPORT_BLOCK =
  /^var ([\w$]+) = \{\};\n__export\(\1, \{\n((?: {2}(?:[\w$]+|"[^"\\\n]*"): \(\) => [\w$]+,?\n)*)\}\);\nmodule\.exports = __toCommonJS\(\1\);\n/;
const EXPORT_ENTRY = / {2}([\w$]+|"[^"\\\n]*"): \(\) => ([\w$]+)/g;

/**
 * esbuild's output without its per-module helpers and with plain `exports[name] = local`
 * after the body in place of its export getters: compiling and running those costs more than
 * a small revision itself. Revision modules export constants and functions, so the values at
 * the end of the body are what live bindings would show. Output of any other shape is
 * returned unchanged (it carries its own helpers).
 */
function plainExports(code: string, preamble: string): string {
  const block = code.startsWith(preamble) ? EXPORT_BLOCK.exec(code.slice(preamble.length)) : null;
  if (!block) return code;
  let assignments = '';
  for (const [, name, local] of block[2]!.matchAll(EXPORT_ENTRY)) {
    assignments += `exports[${name!.startsWith('"') ? name : JSON.stringify(name)}] = ${local};`;
  }
  return `${code.slice(preamble.length + block[0].length)}\n${assignments}\n`;
}

function evaluate(code: string, path: string): Record<string, unknown> {
  const run = compileFunction(`'use strict';${code}`, ['exports', 'module', '__filename', '__dirname'], {
    filename: path,
  });
  const module = { exports: {} as Record<string, unknown> };
  run.call(undefined, module.exports, module, path, dirname(path));
  return module.exports;
}

/**
 * Loads a revision module synchronously (for headers whose constants are not literals, read
 * while the revision map is built). The result also serves later `importModule` calls.
 * Modules with top-level `await` cannot be loaded this way.
 */
export function requireModule(path: string): Record<string, unknown> {
  try {
    const mod = (
      TYPESCRIPT.test(path) ? typescriptRequire()(path, import.meta.url) : requireHere(path)
    ) as Record<string, unknown>;
    if (!cache.has(path)) cache.set(path, Promise.resolve(mod));
    return mod;
  } catch (err) {
    throw loadError(path, err);
  }
}

/** Forgets the cached module of a path (after the file was rewritten). */
export function forgetModule(path: string): void {
  cache.delete(path);
}
