import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * What a revision file compiles to: CommonJS code that needs no module loader, or `null` when
 * the file must go through the loader (it imports something, or uses `import.meta` or
 * top-level `await`).
 */
export type CompiledRevision = string | null;

/** Bumped whenever the compiled form changes, so old cache files are ignored. */
const FORMAT = 4;

/**
 * Compiled revision modules on disk, one JSON file per revision folder, keyed by the sha256 of
 * each file's bytes and its loader: an edited file never finds its old code, and a run on a
 * warm cache reads one file instead of compiling a thousand.
 *
 * The folder is `RETORT_CACHE_DIR`, else `node_modules/.cache/retort` of the nearest
 * `node_modules` above the revisions (as Babel, ESLint and Terser keep theirs), else a
 * per-user folder in the temporary directory. `RETORT_CACHE=0` turns it off. The cache is
 * only an accelerator: a file that cannot be read or written is ignored.
 *
 * @example
 * const cache = CompileCache.for('/app/migrations', 'esbuild 0.28.2');
 * cache.get(key) ?? cache.set(key, compile(source));
 * cache.save();
 */
export class CompileCache {
  readonly #file: string | null;
  readonly #salt: string;
  #entries: Map<string, CompiledRevision> | null = null;
  #dirty = false;

  private constructor(file: string | null, salt: string) {
    this.#file = file;
    this.#salt = salt;
  }

  static readonly #byFolder = new Map<string, CompileCache>();

  /** The cache of a revision folder (one instance per folder and process). */
  static for(folder: string, salt: string): CompileCache {
    let cache = CompileCache.#byFolder.get(folder);
    if (!cache) {
      const dir = cacheDirectory(folder);
      const name = createHash('sha1').update(folder).digest('hex').slice(0, 16);
      cache = new CompileCache(dir ? join(dir, `revisions-${name}.json`) : null, salt);
      CompileCache.#byFolder.set(folder, cache);
    }
    return cache;
  }

  get(key: string): CompiledRevision | undefined {
    return this.#load().get(key);
  }

  set(key: string, compiled: CompiledRevision): void {
    this.#load().set(key, compiled);
    this.#dirty = true;
  }

  /** Writes the entries when something was added: a temporary file renamed into place. */
  save(): void {
    if (!this.#dirty || !this.#file || !this.#entries) return;
    this.#dirty = false;
    const tmp = `${this.#file}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(this.#file), { recursive: true, mode: 0o700 });
      const body = { format: FORMAT, salt: this.#salt, entries: Object.fromEntries(this.#entries) };
      writeFileSync(tmp, JSON.stringify(body), { mode: 0o600 });
      renameSync(tmp, this.#file);
    } catch {
      // a read-only or full disk only costs the next run a recompile
    }
  }

  #load(): Map<string, CompiledRevision> {
    if (this.#entries) return this.#entries;
    this.#entries = new Map();
    if (!this.#file) return this.#entries;
    try {
      const body = JSON.parse(readFileSync(this.#file, 'utf8')) as {
        format?: unknown;
        salt?: unknown;
        entries?: Record<string, unknown>;
      };
      if (body.format === FORMAT && body.salt === this.#salt && body.entries) {
        for (const [key, value] of Object.entries(body.entries)) {
          if (typeof value === 'string' || value === null) this.#entries.set(key, value);
        }
      }
    } catch {
      // missing or unreadable: start empty
    }
    return this.#entries;
  }
}

function cacheDirectory(folder: string): string | null {
  const env = process.env;
  if (env.RETORT_CACHE === '0' || env.RETORT_CACHE === 'false') return null;
  if (env.RETORT_CACHE_DIR) return env.RETORT_CACHE_DIR;
  for (let dir = folder; ; ) {
    const modules = join(dir, 'node_modules');
    if (isDirectory(modules)) return join(modules, '.cache', 'retort');
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return privateTempDirectory();
}

/** `<tmp>/retort-<uid>`, used only if this user owns it (another user could plant code). */
function privateTempDirectory(): string | null {
  const uid = process.getuid?.() ?? null;
  const dir = join(tmpdir(), `retort-cache-${uid ?? 'user'}`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = statSync(dir);
    if (uid !== null && (stat.uid !== uid || (stat.mode & 0o022) !== 0)) return null;
    return dir;
  } catch {
    return null;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
