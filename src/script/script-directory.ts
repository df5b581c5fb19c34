import {
  closeSync,
  existsSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { RevisionMap } from '../revision/index.js';
import type { RevisionStep, StampStep } from '../revision/index.js';
import { CommandError, RetortError } from '../util/errors.js';
import {
  createDateOf,
  DEFAULT_FILE_TEMPLATE,
  formatCreateDate,
  renderFileTemplate,
  resolveTimezone,
  slugify,
} from './file-name.js';
import { readRevisionHeader, templateHeader } from './header-reader.js';
import type { HeaderValue, RevisionHeader } from './header-reader.js';
import { catchRevisionErrors } from './revision-errors.js';
import { requireModule } from './module-loader.js';
import { revId } from './rev-id.js';
import { Script } from './script.js';
import type { RevisionModule } from './script.js';
import {
  docCommentText,
  EACH_DATABASES,
  loadTemplate,
  MULTIDB_TEMPLATE,
  pascalCase,
  renderBody,
  renderTemplate,
  SINGLE_TEMPLATE,
  TEMPLATES_DIR,
  tsKey,
  tsList,
  tsScalarOrList,
  tsString,
} from './template.js';
import { runWriteHooks } from './write-hooks.js';
import type { PostWriteHook, StatusLogger } from './write-hooks.js';

/** A version location: a folder, or `[branch, folder]` (the folder new revisions of `branch` go to). */
export type VersionLocation = string | readonly [branch: string, dir: string];

/** Configuration of a {@link ScriptDirectory} (Flask-Alembic's `ALEMBIC` keys, camelCase). */
export interface ScriptDirectoryOptions {
  /** The migrations folder; it is also the first version location. */
  readonly scriptLocation: string;
  /** Further folders holding revisions, loaded after `scriptLocation` in this order. */
  readonly versionLocations?: readonly VersionLocation[];
  /** Also load revisions from sub-folders (sorted), as Alembic's `recursive_version_locations`. */
  readonly recursiveVersionLocations?: boolean;
  /** Python `%` template for new file names; default `%(rev)s_%(slug)s`. */
  readonly fileTemplate?: string;
  /** Default 40. */
  readonly truncateSlugLength?: number;
  /** IANA zone for `Create Date` and file name tokens; default local time. */
  readonly timezone?: string | null;
  readonly postWriteHooks?: readonly PostWriteHook[];
  /** A template file to use instead of `<scriptLocation>/script.ts.tmpl` / retort's own. */
  readonly templatePath?: string;
  /** Database names; more than one selects the multi-database template. */
  readonly databases?: readonly string[];
  /** Base of relative paths; default `process.cwd()`. */
  readonly root?: string;
  /** Receives status lines (post-write hooks); nothing is printed. */
  readonly onStatus?: StatusLogger;
}

/** Options of {@link ScriptDirectory.generateRevision} (Alembic's `generate_revision`). */
export interface GenerateRevisionOptions {
  /** Parent(s): `'head'` (default), ids, `'base'` for a new root, `label@head`, … */
  readonly head?: string | readonly string[] | null;
  /** Allow a parent that is not a head (a new branch from it). */
  readonly splice?: boolean;
  readonly branchLabels?: string | readonly string[] | null;
  /** Folder to write to; must be one of the version locations. */
  readonly versionPath?: string | null;
  /** Revisions this one depends on: partial ids are resolved to full ids, labels kept. */
  readonly dependsOn?: string | readonly string[] | null;
  /** Body of `upgrade` (statements, unindented), or per database name. */
  readonly upgrades?: string | Readonly<Record<string, string>>;
  readonly downgrades?: string | Readonly<Record<string, string>>;
  /** Extra import lines for the file. */
  readonly imports?: readonly string[];
  /** Database names (multi-database template when more than one); default the directory's. */
  readonly databases?: readonly string[];
  /** Date to stamp; default now. */
  readonly now?: Date;
}

const SOURCE_FILE = /\.(ts|mts|js|mjs)$/;
const DECLARATION_FILE = /\.d\.(ts|mts)$/;

/** Python-compatible file name order (by code point; JS's default compares UTF-16 units). */
function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      const xs = x >= 0xd800 && x <= 0xdfff;
      const ys = y >= 0xd800 && y <= 0xdfff;
      if (xs !== ys) return xs ? 1 : -1;
      return x - y;
    }
  }
  return a.length - b.length;
}

function toList(value: string | readonly string[] | null | undefined): string[] {
  if (value === null || value === undefined) return [];
  return typeof value === 'string' ? [value] : [...value];
}

function checkValue(path: string, name: string, value: unknown, allowNull: boolean): HeaderValue {
  if (value === undefined || (allowNull && value === null) || typeof value === 'string')
    return value as HeaderValue;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  throw new RetortError(`Revision file ${path}: ${name} must be a string, an array of strings or null`);
}

/**
 * The revision files of a project: finds them in every version location, reads their headers
 * without running them, builds the revision graph, plans steps, and writes new revisions.
 *
 * New revisions come from `<scriptLocation>/script.ts.tmpl` (copied there by `mkdir`, free to
 * edit) or `templatePath`, else retort's own template. Placeholders: `${message}`,
 * `${upRevision}`, `${revises}` (down revisions, comma-joined), `${createDate}`, `${imports}`,
 * `${revisionLiteral}`, `${downRevisionLiteral}`, `${branchLabelsLiteral}`,
 * `${dependsOnLiteral}` (TypeScript literals), `${upgrades}`, `${downgrades}` (indented
 * bodies). With several databases, `${each databases}…${end}` repeats its text per database
 * with `${database}`, `${databaseKey}`, `${DatabaseName}`, `${upgrades}`, `${downgrades}`:
 * the multi-database template writes `upgradeAuth`/`downgradeAuth`… and `upgrade(op, database)`
 * dispatches on the database name (a database without a function is left alone).
 *
 * @example
 * const dir = new ScriptDirectory({ scriptLocation: 'migrations' });
 * dir.getHeads();                                  // ['1763942400']
 * const script = await dir.generateRevision(ScriptDirectory.revId(), 'add todo table');
 */
export class ScriptDirectory {
  readonly scriptLocation: string;
  readonly fileTemplate: string;
  readonly truncateSlugLength: number;
  readonly timezone: string | null;
  readonly recursiveVersionLocations: boolean;
  readonly postWriteHooks: readonly PostWriteHook[];
  readonly databases: readonly string[];
  readonly #locations: readonly string[];
  readonly #branchLocations: ReadonlyMap<string, string>;
  readonly #templatePath: string | null;
  readonly #root: string;
  readonly #onStatus: StatusLogger;
  #scripts: Script[] | null = null;
  #map: RevisionMap<Script> | null = null;

  constructor(options: ScriptDirectoryOptions) {
    this.#root = resolve(options.root ?? process.cwd());
    this.scriptLocation = resolve(this.#root, options.scriptLocation);
    const locations = [this.scriptLocation];
    const branches = new Map<string, string>();
    for (const item of options.versionLocations ?? []) {
      const dir = resolve(this.#root, typeof item === 'string' ? item : item[1]);
      if (typeof item !== 'string') branches.set(item[0], dir);
      if (!locations.includes(dir)) locations.push(dir);
    }
    this.#locations = locations;
    this.#branchLocations = branches;
    this.fileTemplate = options.fileTemplate ?? DEFAULT_FILE_TEMPLATE;
    this.truncateSlugLength = options.truncateSlugLength || 40;
    this.timezone = options.timezone ?? null;
    this.recursiveVersionLocations = options.recursiveVersionLocations ?? false;
    this.postWriteHooks = options.postWriteHooks ?? [];
    this.databases = options.databases ?? [];
    this.#templatePath = options.templatePath ? resolve(this.#root, options.templatePath) : null;
    this.#onStatus = options.onStatus ?? (() => {});
  }

  /**
   * A new id (UTC epoch seconds) that no revision here and no id made earlier in this process
   * already uses.
   */
  static revId(now?: Date, taken?: Iterable<string>): string {
    return revId(now, taken);
  }

  /** As the static {@link ScriptDirectory.revId}, also avoiding this folder's ids. */
  revId(now?: Date): string {
    if (!this.#scripts && !existsSync(this.scriptLocation)) return revId(now);
    return revId(
      now,
      this.#loadScripts().map((s) => s.revision),
    );
  }

  /** Absolute version locations in load order (the script location first). */
  get versionLocations(): readonly string[] {
    return this.#locations;
  }

  /** The folder configured for a branch by a `[branch, dir]` version location. */
  branchVersionLocation(branch: string): string | undefined {
    return this.#branchLocations.get(branch);
  }

  /** The revision graph, built on first use from the files' headers (memoised). */
  get revisionMap(): RevisionMap<Script> {
    if (!this.#map) {
      const scripts = this.#loadScripts();
      const map = new RevisionMap(scripts);
      // The map builds lazily; build now so graph errors surface here, reworded.
      catchRevisionErrors(() => map.size);
      this.#map = map;
      this.#reportWarnings();
    }
    return this.#map;
  }

  /**
   * Hands the graph's warnings (duplicate ids, an ambiguous `downgrade -1`) to `onStatus`, as
   * Alembic shows its Python warnings; the map keeps answering, so these are not errors.
   */
  #reportWarnings(): void {
    for (const warning of this.#map?.takeWarnings() ?? []) this.#onStatus(`WARNING: ${warning}`);
  }

  #planned<T>(plan: T): T {
    this.#reportWarnings();
    return plan;
  }

  /** Forgets the loaded files, so the next use reads the folders again. */
  reload(): void {
    this.#scripts = null;
    this.#map = null;
  }

  /** Every revision file, in load order. */
  get scripts(): readonly Script[] {
    return this.#loadScripts();
  }

  #loadScripts(): Script[] {
    if (this.#scripts) return this.#scripts;
    if (!existsSync(this.scriptLocation)) {
      throw new CommandError(
        `Path doesn't exist: ${this.scriptLocation}.  Please use the 'mkdir' command to create a new scripts folder.`,
      );
    }
    const scripts: Script[] = [];
    const seen = new Set<string>();
    const ids = new Map<string, string>();
    for (const location of this.#locations) {
      for (const path of this.#listFiles(location)) {
        if (seen.has(path)) continue;
        seen.add(path);
        const script = scriptFromFile(path);
        if (!script) continue;
        const other = ids.get(script.revision);
        if (other !== undefined) {
          throw new CommandError(
            `Revision ${script.revision} is present more than once: ${other} and ${path}`,
          );
        }
        ids.set(script.revision, path);
        scripts.push(script);
      }
    }
    this.#scripts = scripts;
    return scripts;
  }

  /** Revision files of one location: names sorted, then sub-folders (sorted) when recursive. */
  #listFiles(location: string): string[] {
    let root: string;
    try {
      root = realpathSync(location);
    } catch {
      return [];
    }
    const out: string[] = [];
    const stack = [root];
    const visited = new Set<string>();
    while (stack.length > 0) {
      const dir = stack.pop()!;
      // A symbolic link back up the tree must not loop forever.
      const real = dir === root ? root : realOrSelf(dir);
      if (visited.has(real)) continue;
      visited.add(real);
      let entries: import('node:fs').Dirent[];
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch (err) {
        if (dir === root && (err as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
        throw new RetortError(`Can't read folder ${dir}: ${(err as Error).message}`);
      }
      const files: string[] = [];
      const dirs: string[] = [];
      for (const entry of entries) {
        const name = entry.name;
        if (name.startsWith('.')) continue;
        let isFile = entry.isFile();
        let isDir = entry.isDirectory();
        if (entry.isSymbolicLink()) {
          try {
            const st = statSync(join(dir, name));
            isFile = st.isFile();
            isDir = st.isDirectory();
          } catch {
            continue;
          }
        }
        if (isFile && SOURCE_FILE.test(name) && !DECLARATION_FILE.test(name)) files.push(name);
        else if (isDir && name !== 'node_modules') dirs.push(name);
      }
      files.sort(compareNames);
      // `dir` is already normalized (realpath, then joins) and a name has no separator, so
      // plain concatenation equals join() without normalizing ten thousand strings again.
      const prefix = dir.endsWith(sep) ? dir : dir + sep;
      for (const name of files) out.push(prefix + name);
      if (!this.recursiveVersionLocations) break;
      dirs.sort(compareNames);
      for (let i = dirs.length - 1; i >= 0; i--) stack.push(join(dir, dirs[i]));
    }
    return out;
  }

  /** The script for an id or symbol (`head`, `label@head`, a partial id, …). */
  getRevision(id: string | null): Script | null {
    return catchRevisionErrors(() => this.revisionMap.getRevision(id));
  }

  /** The scripts for ids or symbols (`heads`, several ids, …). */
  getRevisions(id: string | readonly string[] | null): readonly Script[] {
    return catchRevisionErrors(() => this.revisionMap.getRevisions(id));
  }

  /** Head ids in load order; with `considerDependsOn`, only real heads (what `upgrade heads` stores). */
  getHeads(considerDependsOn = false): string[] {
    const map = this.revisionMap;
    return [...(considerDependsOn ? map.realHeads : map.heads)];
  }

  /** The one head; `CommandError` when there are several. */
  getCurrentHead(): string | null {
    const heads = this.getHeads();
    if (heads.length > 1) {
      throw new CommandError(
        'The script directory has multiple heads (due to branching).Please use getHeads(), or merge the branches using retort merge.',
      );
    }
    return heads[0] ?? null;
  }

  /** Base ids in load order. */
  getBases(): string[] {
    return [...this.revisionMap.bases];
  }

  /** Scripts from `head` down to `base`, inclusive (for `log`). */
  walkRevisions(base = 'base', head = 'heads'): Script[] {
    return catchRevisionErrors(() => [...this.revisionMap.walkRevisions(base, head)], 'default', {
      start: base,
      end: head,
    });
  }

  /** Upgrade steps from `heads` (the database's) to `destination`, in run order. */
  upgradeRevs(destination: string, heads: readonly string[]): RevisionStep<Script>[] {
    return this.#planned(
      catchRevisionErrors(() => this.revisionMap.planUpgrade(destination, heads), 'upgrade', {
        end: destination,
      }),
    );
  }

  /** Downgrade steps from `heads` to `destination`, in run order. */
  downgradeRevs(destination: string, heads: readonly string[]): RevisionStep<Script>[] {
    return this.#planned(
      catchRevisionErrors(() => this.revisionMap.planDowngrade(destination, heads), 'downgrade', {
        end: destination,
      }),
    );
  }

  /** Stamp steps moving the version table from `heads` to `destination`. */
  stampRevs(destination: string | readonly string[], heads: readonly string[]): StampStep<Script>[] {
    return this.#planned(catchRevisionErrors(() => this.revisionMap.planStamp(destination, heads), 'stamp'));
  }

  /**
   * Writes a new revision file from the template and adds it to the graph, with Alembic's
   * checks (head revisions, `--splice`, version path, branch labels). The file is written to a
   * temporary name and renamed, so no half-written revision is ever visible. Post-write hooks
   * run afterwards.
   */
  async generateRevision(
    id: string,
    message: string | null,
    options: GenerateRevisionOptions = {},
  ): Promise<Script> {
    const head = options.head ?? 'head';
    catchRevisionErrors(() => Script.verifyRevisionId(id));
    const map = this.revisionMap;
    const existing = this.#scripts!.find((s) => s.revision === id);
    if (existing) throw new CommandError(`Revision ${id} already exists: ${existing.path}`);

    const heads = catchRevisionErrors(
      () => map.getRevisions(head).filter((h): h is Script => h != null),
      'revision',
    );
    if (new Set(heads).size !== heads.length) throw new CommandError('Duplicate head revisions specified');

    const now = options.now ?? new Date();
    const createDate = createDateOf(now, this.timezone ? resolveTimezone(this.timezone) : null);

    let versionPath: string;
    if (options.versionPath == null) {
      if (this.#locations.length > 1) {
        const first = heads[0];
        if (!first)
          throw new CommandError('Multiple version locations present, please specify --version-path');
        versionPath = dirname(first.path);
      } else {
        versionPath = this.#locations[0];
      }
    } else {
      versionPath = resolve(this.#root, options.versionPath);
      const real = realOrSelf(versionPath);
      if (!this.#locations.some((loc) => loc === versionPath || realOrSelf(loc) === real)) {
        throw new CommandError(`Path ${options.versionPath} is not represented in current version locations`);
      }
    }
    if (!options.splice) {
      for (const h of heads) {
        if (!h.isHead) {
          throw new CommandError(
            `Revision ${h.revision} is not a head revision; please specify --splice to create a new branch from this revision`,
          );
        }
      }
    }

    const dependsOn = toList(options.dependsOn);
    const resolvedDepends = catchRevisionErrors(() =>
      dependsOn.map((dep) => {
        const rev = map.getRevision(dep);
        if (!rev) return dep;
        return rev.branchLabels.has(dep) ? dep : rev.revision;
      }),
    );

    const labels = toList(options.branchLabels);
    for (const label of labels) {
      for (const script of this.#scripts!) {
        if (script.declaredBranchLabels.includes(label)) {
          throw new CommandError(
            `Branch name '${label}' in revision ${id} already used by revision ${script.revision}`,
          );
        }
      }
    }

    const slug = slugify(message, this.truncateSlugLength);
    const fileName = `${renderFileTemplate(this.fileTemplate, {
      rev: id,
      slug,
      epoch: createDate.epoch,
      year: createDate.year,
      month: createDate.month,
      day: createDate.day,
      hour: createDate.hour,
      minute: createDate.minute,
      second: createDate.second,
    })}.ts`;
    const path = resolve(versionPath, fileName);

    const databases = options.databases ?? this.databases;
    const text = await this.#render({
      id,
      message: message ?? 'empty message',
      downRevisions: heads.map((h) => h.revision),
      labels,
      dependsOn: resolvedDepends,
      createDate: formatCreateDate(createDate),
      options,
      databases,
    });

    mkdirSync(dirname(path), { recursive: true });
    writeAtomically(path, text);
    await runWriteHooks(path, this.postWriteHooks, this.#onStatus);

    const script = scriptFromFile(path);
    if (!script) throw new CommandError(`The new revision file ${path} does not export a revision constant`);
    if (labels.length > 0 && script.declaredBranchLabels.length === 0) {
      throw new CommandError(
        `Version ${script.revision} specified branch_labels ${labels.join(', ')}, however the migration file ${path} does not have them; have you upgraded your script.ts.tmpl to include the 'branchLabels' section?`,
      );
    }
    const scripts = [...this.#scripts!, script];
    const next = new RevisionMap(scripts);
    catchRevisionErrors(() => next.size);
    this.#map = next;
    this.#scripts = scripts;
    return script;
  }

  async #render(input: {
    id: string;
    message: string;
    downRevisions: string[];
    labels: string[];
    dependsOn: string[];
    createDate: string;
    options: GenerateRevisionOptions;
    databases: readonly string[];
  }): Promise<string> {
    const { options, databases } = input;
    const multi = databases.length > 1;
    const template = this.#templatePath
      ? await readTemplateFile(this.#templatePath)
      : await chooseTemplate(this.scriptLocation, multi);
    const imports = [...new Set(options.imports ?? [])];
    const bodyFor = (
      value: string | Readonly<Record<string, string>> | undefined,
      db: string | null,
    ): string => {
      if (value === undefined) return '';
      if (typeof value === 'string') return value;
      if (db !== null) return value[db] ?? '';
      const entries = Object.entries(value).filter(([, body]) => body.trim() !== '');
      if (entries.length > 1) {
        throw new CommandError(
          `The revision template has no per-database section (${EACH_DATABASES}); use the multi-database template`,
        );
      }
      return entries[0]?.[1] ?? '';
    };
    const vars: Record<string, string> = {
      message: docCommentText(input.message),
      upRevision: input.id,
      revision: input.id,
      revises: input.downRevisions.join(', '),
      createDate: input.createDate,
      imports: imports.length > 0 ? `${imports.join('\n')}\n` : '',
      revisionLiteral: tsString(input.id),
      downRevisionLiteral: tsScalarOrList(input.downRevisions),
      branchLabelsLiteral: tsList(input.labels),
      dependsOnLiteral: tsList(input.dependsOn),
      // In the multi-database template the bodies live in the per-database section.
      upgrades: multi ? '' : renderBody(bodyFor(options.upgrades, null)),
      downgrades: multi ? '' : renderBody(bodyFor(options.downgrades, null)),
    };
    const used = new Set<string>();
    const items = databases.map((db) => {
      let name = pascalCase(db);
      for (let i = 2; used.has(name); i++) name = `${pascalCase(db)}${i}`;
      used.add(name);
      return {
        database: db,
        databaseKey: tsKey(db),
        DatabaseName: name,
        upgrades: renderBody(bodyFor(options.upgrades, db)),
        downgrades: renderBody(bodyFor(options.downgrades, db)),
      };
    });
    return renderTemplate(template, vars, { databases: items });
  }

  /**
   * Creates the script location (and version locations) when missing and copies the revision
   * template into it unless one is there: the multi-database template when several databases
   * are configured.
   */
  async mkdir(options: { databases?: readonly string[] } = {}): Promise<void> {
    const databases = options.databases ?? this.databases;
    if (existsSync(this.scriptLocation) && !statSync(this.scriptLocation).isDirectory()) {
      throw new CommandError(`${this.scriptLocation} exists and is not a directory`);
    }
    mkdirSync(this.scriptLocation, { recursive: true });
    const dest = join(this.scriptLocation, SINGLE_TEMPLATE);
    if (!existsSync(dest)) {
      const source = join(TEMPLATES_DIR, databases.length > 1 ? MULTIDB_TEMPLATE : SINGLE_TEMPLATE);
      try {
        writeAtomically(dest, readFileSync(source, 'utf8'));
      } catch (err) {
        // Several app instances starting at once (upgrade-on-start) race to create it: the
        // one that lost finds the winner's identical template, which is what it wanted.
        if (!existsSync(dest)) throw err;
      }
    }
    for (const location of this.#locations) mkdirSync(location, { recursive: true });
  }
}

async function readTemplateFile(path: string): Promise<string> {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new CommandError(`Template ${path} does not exist`);
  }
}

/**
 * The user's `script.ts.tmpl` (copied by `mkdir`, maybe edited) when present, else retort's own.
 * With several databases a user template without a `${each databases}` section cannot place
 * per-database bodies, so retort's multi-database template is used instead.
 */
async function chooseTemplate(scriptLocation: string, multi: boolean): Promise<string> {
  const user = join(scriptLocation, SINGLE_TEMPLATE);
  if (existsSync(user)) {
    const text = readFileSync(user, 'utf8');
    if (!multi || text.includes(EACH_DATABASES)) return text;
  }
  return loadTemplate(multi ? MULTIDB_TEMPLATE : SINGLE_TEMPLATE);
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Writes a file under a temporary dot-name (skipped by listings) and moves it into place without clobbering. */
function writeAtomically(path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  writeFileSync(tmp, text, { flag: 'wx' });
  try {
    try {
      linkSync(tmp, path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new CommandError(`File ${path} already exists`);
      if (existsSync(path)) throw new CommandError(`File ${path} already exists`);
      renameSync(tmp, path);
      return;
    }
    unlinkSync(tmp);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // already moved or removed
    }
    throw err;
  }
}

const CHUNK = 65536;
const chunk = Buffer.allocUnsafe(CHUNK);
/** Template-shaped headers end well inside this many bytes; only they are decoded at first. */
const PREFIX = 2048;

/**
 * Reads a file's header through one reused buffer: listing reads thousands of files, so this
 * skips a `stat` and an allocation per file, and decodes only the first bytes when they hold
 * a header in the template's shape. Anything else is decoded (or read) whole and scanned.
 */
function readHeaderOf(path: string): RevisionHeader {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new RetortError(`Can't read revision file ${path}: ${(err as Error).message}`);
  }
  let text: string;
  try {
    const n = readSync(fd, chunk, 0, CHUNK, 0);
    if (n > PREFIX && chunk.subarray(0, PREFIX).indexOf(0) === -1) {
      const header = templateHeader(chunk.toString('utf8', 0, PREFIX));
      if (header) return header;
    }
    text = n < CHUNK ? chunk.toString('utf8', 0, n) : readFileSync(fd, 'utf8');
  } catch (err) {
    throw new RetortError(`Can't read revision file ${path}: ${(err as Error).message}`);
  } finally {
    closeSync(fd);
  }
  return readRevisionHeader(text, path);
}

/** Reads one file into a `Script`; `null` when it is not a revision file (no revision, no upgrade). */
export function scriptFromFile(path: string): Script | null {
  return scriptFromHeader(readHeaderOf(path), path);
}

/** Builds a `Script` from a header, importing the module when a constant is not a literal. */
export function scriptFromHeader(header: RevisionHeader, path: string): Script | null {
  let { revision, downRevision, branchLabels, dependsOn } = header;
  let module: RevisionModule | undefined;
  if (header.nonLiteral.length > 0) {
    const mod = requireModule(path);
    const rev = mod.revision;
    if (rev !== undefined && typeof rev !== 'string') {
      throw new RetortError(`Revision file ${path}: revision must be a string`);
    }
    revision = rev ?? null;
    downRevision = checkValue(path, 'downRevision', mod.downRevision, true);
    branchLabels = checkValue(path, 'branchLabels', mod.branchLabels, true);
    dependsOn = checkValue(path, 'dependsOn', mod.dependsOn, true);
    if (typeof mod.upgrade === 'function' && typeof mod.downgrade === 'function') {
      module = mod as unknown as RevisionModule;
    }
    if (revision === null && typeof mod.upgrade !== 'function') return null;
  } else if (revision === null && !header.hasUpgrade) {
    return null;
  }
  if (revision === null) {
    throw new CommandError(
      `Could not determine revision id from file ${path}. Be sure the 'revision' constant is exported by the revision file.`,
    );
  }
  return catchRevisionErrors(
    () =>
      new Script({
        revision: revision!,
        downRevision: downRevision ?? null,
        branchLabels: branchLabels ?? null,
        dependsOn: dependsOn ?? null,
        path,
        longDoc: header.longDoc,
        message: header.doc,
        module,
      }),
  );
}
