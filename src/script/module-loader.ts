import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { RetortError } from '../util/errors.js';

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
 * Imports a revision module: through tsx for TypeScript, native `import()` for JavaScript.
 * Cached per path; a failed import is forgotten so it can be retried.
 */
export function importModule(path: string): Promise<Record<string, unknown>> {
  let loading = cache.get(path);
  if (!loading) {
    loading = (async () => {
      const url = pathToFileURL(path).href;
      try {
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
