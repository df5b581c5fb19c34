import { Revision } from '../revision/index.js';
import type { RevisionInit } from '../revision/index.js';
import { RetortError } from '../util/errors.js';
import { firstParagraph } from './header-reader.js';
import { importModule } from './module-loader.js';

/**
 * What a revision module exports. `upgrade`/`downgrade` receive the `Operations` of the
 * database being migrated and that database's name (`'default'` for one database).
 */
export interface RevisionModule {
  upgrade(op: any, database: string): Promise<void>;
  downgrade(op: any, database: string): Promise<void>;
  readonly revision?: unknown;
  readonly downRevision?: unknown;
  readonly branchLabels?: unknown;
  readonly dependsOn?: unknown;
  readonly [name: string]: unknown;
}

/** What a `Script` needs beyond a `RevisionInit`. */
export interface ScriptInit extends RevisionInit {
  /** Absolute path of the revision file. */
  readonly path: string;
  /** The doc comment, margins stripped, trimmed. */
  readonly longDoc?: string;
  /** The module, when it was already imported (headers that are not literals). */
  readonly module?: RevisionModule;
}

/** Options of `Script#cmdFormat` (Alembic's `cmd_format` / `_head_only`). */
export interface CmdFormatOptions {
  /** Print the `Rev:` block (`logEntry`) instead of one line. */
  readonly verbose?: boolean;
  readonly includeBranches?: boolean;
  readonly includeDoc?: boolean;
  readonly includeParents?: boolean;
  /** `(branchpoint)` / `(mergepoint)`; default true. */
  readonly treeIndicators?: boolean;
  /** `(head)` / `(effective head)` / `(current)`; default true. */
  readonly headIndicators?: boolean;
  /** Revision ids present in the database: marked `(current)`. */
  readonly currentHeads?: Iterable<string>;
}

/** A revision as `--json` prints it. */
export interface ScriptJson {
  revision: string;
  downRevisions: string[];
  branchLabels: string[];
  dependsOn: string[];
  message: string;
  path: string;
  isHead: boolean;
  isBase: boolean;
  isBranchPoint: boolean;
  isMergePoint: boolean;
}

function commaList(values: Iterable<string>): string {
  return [...values].join(', ');
}

/**
 * One revision file: a `Revision` of the graph plus where it lives and its doc comment.
 *
 * @example
 * const script = dir.getRevision('head');
 * console.log(script.cmdFormat({ includeBranches: true, includeDoc: true, includeParents: true }));
 * const mod = await script.load();
 */
export class Script extends Revision {
  /** Absolute path of the file. */
  readonly path: string;
  /** The whole doc comment, trimmed (Alembic's `longdoc`). */
  readonly longDoc: string;
  #module: Promise<RevisionModule> | null = null;

  constructor(init: ScriptInit) {
    const longDoc = init.longDoc ?? '';
    // Spreading only when needed: listing builds thousands of these.
    super(init.message !== undefined ? init : { ...init, message: firstParagraph(longDoc) });
    this.path = init.path;
    this.longDoc = longDoc;
    if (init.module) this.#module = Promise.resolve(init.module);
  }

  /** First paragraph of the doc comment (Alembic's `doc`). */
  get doc(): string {
    // every step's log line and every listed entry asks; `longDoc` never changes
    this.#doc ??= firstParagraph(this.longDoc);
    return this.#doc;
  }
  #doc: string | undefined;

  /**
   * Imports the revision module (once) and checks that it exports `upgrade` and `downgrade`
   * functions.
   */
  load(): Promise<RevisionModule> {
    if (!this.#module) {
      this.#module = importModule(this.path).then((mod) => checkModule(mod, this.path));
      this.#module.catch(() => {
        this.#module = null;
      });
    }
    return this.#module;
  }

  /** The revision object of `--json` output (SPEC §5). */
  toJSON(): ScriptJson {
    return {
      revision: this.revision,
      downRevisions: [...this.downRevisions],
      branchLabels: [...this.branchLabels],
      dependsOn: [...this.dependsOn],
      message: this.doc,
      path: this.path,
      isHead: this.isHead,
      isBase: this.isBase,
      isBranchPoint: this.isBranchPoint,
      isMergePoint: this.isMergePoint,
    };
  }

  /** `<down> -> <rev> (head), doc` (Alembic's `str(script)`). */
  override toString(): string {
    return `${this.#formatDown()} -> ${this.revision}${this.isHead ? ' (head)' : ''}${
      this.isBranchPoint ? ' (branchpoint)' : ''
    }${this.isMergePoint ? ' (mergepoint)' : ''}, ${this.doc}`;
  }

  /** One line (Alembic's `_head_only`) or, with `verbose`, the `Rev:` block (`logEntry`). */
  cmdFormat(options: CmdFormatOptions = {}): string {
    if (options.verbose) return this.logEntry(options);
    const current = isCurrent(this.revision, options.currentHeads);
    let text = this.revision;
    if (options.includeParents) {
      text =
        this.dependsOn.length > 0
          ? `${this.#formatDown()} (${commaList(this.dependsOn)}) -> ${text}`
          : `${this.#formatDown()} -> ${text}`;
    }
    if (options.includeBranches && this.branchLabels.size > 0) {
      text += ` (${commaList(this.branchLabels)})`;
    }
    const treeIndicators = options.treeIndicators ?? true;
    const headIndicators = options.headIndicators ?? true;
    if (headIndicators || treeIndicators) {
      if (this.isRealHead) text += ' (head)';
      if (this.isHead && !this.isRealHead) text += ' (effective head)';
      if (current) text += ' (current)';
    }
    if (treeIndicators) {
      if (this.isBranchPoint) text += ' (branchpoint)';
      if (this.isMergePoint) text += ' (mergepoint)';
    }
    if (options.includeDoc) text += `, ${this.doc}`;
    return text;
  }

  /** Alembic's verbose block, ending with a blank line. */
  logEntry(options: Pick<CmdFormatOptions, 'currentHeads'> = {}): string {
    let entry = `Rev: ${this.revision}${this.isHead ? ' (head)' : ''}${this.isBranchPoint ? ' (branchpoint)' : ''}${
      this.isMergePoint ? ' (mergepoint)' : ''
    }${isCurrent(this.revision, options.currentHeads) ? ' (current)' : ''}\n`;
    entry += this.isMergePoint ? `Merges: ${this.#formatDown()}\n` : `Parent: ${this.#formatDown()}\n`;
    if (this.dependsOn.length > 0) entry += `Also depends on: ${commaList(this.dependsOn)}\n`;
    if (this.isBranchPoint) entry += `Branches into: ${commaList(this.nextRevisions)}\n`;
    if (this.branchLabels.size > 0) entry += `Branch names: ${commaList(this.branchLabels)}\n`;
    entry += `Path: ${this.path}\n`;
    const lines = this.longDoc === '' ? [] : this.longDoc.split(/\r\n|\r|\n/);
    entry += `\n${lines.map((line) => `    ${line}`).join('\n')}\n`;
    return entry;
  }

  #formatDown(): string {
    return this.downRevisions.length === 0 ? '<base>' : commaList(this.downRevisions);
  }
}

function isCurrent(revision: string, currentHeads: Iterable<string> | undefined): boolean {
  if (!currentHeads) return false;
  if (currentHeads instanceof Set) return currentHeads.has(revision);
  for (const head of currentHeads) if (head === revision) return true;
  return false;
}

function checkModule(mod: Record<string, unknown>, path: string): RevisionModule {
  for (const name of ['upgrade', 'downgrade']) {
    if (typeof mod[name] !== 'function') {
      throw new RetortError(`Revision file ${path} does not export an ${name}() function`);
    }
  }
  return mod as unknown as RevisionModule;
}
