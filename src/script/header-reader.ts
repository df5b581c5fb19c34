import { RetortError } from '../util/errors.js';

/** A constant's value as read from the text: absent (`undefined`), `null`, a string or a list. */
export type HeaderValue = string | string[] | null | undefined;

/** The four revision constants and the doc comment of one revision file, read without running it. */
export interface RevisionHeader {
  /** `export const revision = '…'`; `null` when the file declares no such constant. */
  readonly revision: string | null;
  readonly downRevision: HeaderValue;
  readonly branchLabels: HeaderValue;
  readonly dependsOn: HeaderValue;
  /** The leading `/** … *\/` comment with the ` * ` margins stripped and the whole trimmed. */
  readonly longDoc: string;
  /** First paragraph of `longDoc` (Alembic's `doc`). */
  readonly doc: string;
  /**
   * Names of revision constants whose value is not a plain literal, or `'*'` when the module
   * may export them some other way (`export { … }`, `export *`, CommonJS `exports`). When this
   * is not empty the caller must import the module to learn the real values.
   */
  readonly nonLiteral: readonly string[];
  /** Whether a top-level `upgrade` function or constant is declared. */
  readonly hasUpgrade: boolean;
}

const CONSTANTS = new Set(['revision', 'downRevision', 'branchLabels', 'dependsOn']);

/** Sentinel: the value is something other than a literal. */
const NOT_LITERAL = Symbol('not literal');

/** Characters that can appear in identifiers (ASCII fast path; any non-ASCII letter counts too). */
function isIdentChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 36 || c === 95 || c > 127
  );
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff;
}

/**
 * A small hand-written scanner for the subset of TypeScript a revision header uses. It runs in
 * one linear pass (no backtracking regular expressions, no recursion), so a huge or hostile
 * file costs time proportional to its length and can only end in a `RetortError`.
 */
class Scanner {
  pos = 0;
  readonly #text: string;
  readonly #path: string;

  constructor(text: string, path: string) {
    this.#text = text;
    this.#path = path;
  }

  get text(): string {
    return this.#text;
  }

  fail(what: string, at: number): never {
    throw new RetortError(`Can't read revision file ${this.#path}: ${what} at line ${this.lineOf(at)}`);
  }

  lineOf(at: number): number {
    let line = 1;
    let i = this.#text.indexOf('\n');
    while (i !== -1 && i < at) {
      line++;
      i = this.#text.indexOf('\n', i + 1);
    }
    return line;
  }

  /** Skips blanks and comments; returns whether a line break was crossed (for ASI). */
  skipTrivia(): boolean {
    const t = this.#text;
    let newline = false;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (isSpace(c)) {
        if (c === 10 || c === 13) newline = true;
        this.pos++;
      } else if (c === 47 && t.charCodeAt(this.pos + 1) === 47) {
        const end = t.indexOf('\n', this.pos);
        this.pos = end === -1 ? t.length : end;
      } else if (c === 47 && t.charCodeAt(this.pos + 1) === 42) {
        const end = t.indexOf('*/', this.pos + 2);
        if (end === -1) this.fail('unterminated comment', this.pos);
        if (!newline) {
          const nl = t.indexOf('\n', this.pos);
          if (nl !== -1 && nl < end) newline = true;
        }
        this.pos = end + 2;
      } else if (c === 0x2028 || c === 0x2029) {
        newline = true;
        this.pos++;
      } else {
        return newline;
      }
    }
  }

  readIdent(): string {
    const t = this.#text;
    const start = this.pos;
    while (this.pos < t.length && isIdentChar(t.charCodeAt(this.pos))) this.pos++;
    return t.slice(start, this.pos);
  }

  /** Reads a quoted string starting at `pos` (the quote); returns its value, or NOT_LITERAL for `${`. */
  readString(): string | typeof NOT_LITERAL {
    const t = this.#text;
    const quote = t.charCodeAt(this.pos);
    const start = this.pos;
    this.pos++;
    let out = '';
    let chunk = this.pos;
    for (;;) {
      if (this.pos >= t.length) this.fail('unterminated string', start);
      const c = t.charCodeAt(this.pos);
      if (c === quote) {
        out += t.slice(chunk, this.pos);
        this.pos++;
        return out;
      }
      if (c === 92) {
        out += t.slice(chunk, this.pos);
        out += this.#readEscape(start);
        chunk = this.pos;
        continue;
      }
      if (quote === 96) {
        if (c === 36 && t.charCodeAt(this.pos + 1) === 123) {
          this.pos = start;
          this.skipTemplate();
          return NOT_LITERAL;
        }
      } else if (c === 10 || c === 13) {
        this.fail('unterminated string', start);
      }
      this.pos++;
    }
  }

  #readEscape(stringStart: number): string {
    const t = this.#text;
    const c = t[this.pos + 1];
    this.pos += 2;
    switch (c) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'v':
        return '\v';
      case '0':
        return '\0';
      case '\r':
        if (t[this.pos] === '\n') this.pos++;
        return '';
      case '\n':
      case '\u2028':
      case '\u2029':
        return '';
      case 'x': {
        const hex = t.slice(this.pos, this.pos + 2);
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) this.fail('bad escape', stringStart);
        this.pos += 2;
        return String.fromCharCode(Number.parseInt(hex, 16));
      }
      case 'u': {
        let hex: string;
        if (t[this.pos] === '{') {
          const end = t.indexOf('}', this.pos);
          hex = end === -1 || end - this.pos > 7 ? '' : t.slice(this.pos + 1, end);
          this.pos = end + 1;
        } else {
          hex = t.slice(this.pos, this.pos + 4);
          this.pos += 4;
        }
        if (!/^[0-9a-fA-F]{1,6}$/.test(hex) || Number.parseInt(hex, 16) > 0x10ffff) {
          this.fail('bad escape', stringStart);
        }
        return String.fromCodePoint(Number.parseInt(hex, 16));
      }
      case undefined:
        return this.fail('unterminated string', stringStart);
      default:
        return c;
    }
  }

  /** Skips a template literal (with nested `${ … }` holding further templates) starting at its back-tick. */
  skipTemplate(): void {
    const t = this.#text;
    const start = this.pos;
    // Each entry: -1 = inside template text; n >= 0 = inside a `${` hole at brace depth n.
    const stack: number[] = [-1];
    this.pos++;
    while (stack.length > 0) {
      if (this.pos >= t.length) this.fail('unterminated template literal', start);
      const top = stack[stack.length - 1];
      const c = t.charCodeAt(this.pos);
      if (top === -1) {
        if (c === 92) this.pos += 2;
        else if (c === 96) {
          stack.pop();
          this.pos++;
        } else if (c === 36 && t.charCodeAt(this.pos + 1) === 123) {
          stack.push(0);
          this.pos += 2;
        } else this.pos++;
        continue;
      }
      if (c === 47 && (t.charCodeAt(this.pos + 1) === 47 || t.charCodeAt(this.pos + 1) === 42)) {
        this.skipTrivia();
      } else if (c === 39 || c === 34) {
        this.readString();
      } else if (c === 96) {
        stack.push(-1);
        this.pos++;
      } else if (c === 123) {
        stack[stack.length - 1] = top + 1;
        this.pos++;
      } else if (c === 125) {
        if (top === 0) stack.pop();
        else stack[stack.length - 1] = top - 1;
        this.pos++;
      } else this.pos++;
    }
  }

  /** Skips a regular expression literal starting at its slash. */
  skipRegex(): void {
    const t = this.#text;
    const start = this.pos;
    this.pos++;
    let inClass = false;
    for (;;) {
      if (this.pos >= t.length) this.fail('unterminated regular expression', start);
      const c = t.charCodeAt(this.pos);
      if (c === 10 || c === 13) this.fail('unterminated regular expression', start);
      if (c === 92) this.pos += 2;
      else {
        this.pos++;
        if (c === 91) inClass = true;
        else if (c === 93) inClass = false;
        else if (c === 47 && !inClass) break;
      }
    }
    while (this.pos < t.length && isIdentChar(t.charCodeAt(this.pos))) this.pos++;
  }
}

/** Reads the leading doc comment; returns its cleaned text ('' when there is none). */
function readDocComment(s: Scanner): string {
  const t = s.text;
  // Comments before the doc comment (a licence line, `// @ts-nocheck`) are allowed.
  for (;;) {
    while (isSpace(t.charCodeAt(s.pos))) s.pos++;
    if (t.startsWith('#!', s.pos) && s.pos === 0) {
      const nl = t.indexOf('\n');
      s.pos = nl === -1 ? t.length : nl;
      continue;
    }
    if (t.startsWith('//', s.pos)) {
      const nl = t.indexOf('\n', s.pos);
      s.pos = nl === -1 ? t.length : nl;
      continue;
    }
    if (!t.startsWith('/*', s.pos)) return '';
    const end = t.indexOf('*/', s.pos + 2);
    if (end === -1) s.fail('unterminated comment', s.pos);
    const isDoc = t.startsWith('/**', s.pos) && end > s.pos + 2;
    const body = t.slice(s.pos + 3, end);
    s.pos = end + 2;
    if (isDoc) return cleanDocComment(body);
  }
}

/** Strips each line's ` * ` margin and trims the whole, as Python's `__doc__.strip()` would see it. */
export function cleanDocComment(body: string): string {
  // One pass without intermediate arrays: listing runs this once per file.
  let out = '';
  const n = body.length;
  let i = 0;
  while (i <= n) {
    let end = body.indexOf('\n', i);
    if (end === -1) end = n;
    let lineEnd = end;
    if (lineEnd > i && body.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    let j = i;
    while (j < lineEnd && (body.charCodeAt(j) === 32 || body.charCodeAt(j) === 9)) j++;
    if (j < lineEnd && body.charCodeAt(j) === 42) {
      j++;
      if (j < lineEnd && body.charCodeAt(j) === 32) j++;
    }
    out += i === 0 ? body.slice(j, lineEnd) : `\n${body.slice(j, lineEnd)}`;
    i = end + 1;
  }
  return out.trim();
}

/** First paragraph of a doc text (Alembic's `doc`: `re.split("\n\n", longdoc)[0]`). */
export function firstParagraph(longDoc: string): string {
  const i = longDoc.indexOf('\n\n');
  return i === -1 ? longDoc : longDoc.slice(0, i);
}

/**
 * Reads a literal value: a string, `null`, `undefined` or a flat array of strings, then any
 * `as const` / `as T` / `satisfies T` tail. Leaves `pos` after the value (before `;`).
 */
function readLiteral(s: Scanner): HeaderValue | typeof NOT_LITERAL {
  const t = s.text;
  s.skipTrivia();
  const c = t.charCodeAt(s.pos);
  let value: HeaderValue | typeof NOT_LITERAL;
  if (c === 39 || c === 34 || c === 96) {
    value = s.readString();
  } else if (c === 91) {
    s.pos++;
    const items: string[] = [];
    for (;;) {
      s.skipTrivia();
      const d = t.charCodeAt(s.pos);
      if (d === 93) {
        s.pos++;
        break;
      }
      if (d !== 39 && d !== 34 && d !== 96) return NOT_LITERAL;
      const item = s.readString();
      if (item === NOT_LITERAL) return NOT_LITERAL;
      items.push(item);
      s.skipTrivia();
      const e = t.charCodeAt(s.pos);
      if (e === 44) s.pos++;
      else if (e !== 93) return NOT_LITERAL;
    }
    value = items;
  } else if (isIdentChar(c)) {
    const word = s.readIdent();
    if (word === 'null') value = null;
    else if (word === 'undefined') value = undefined;
    else return NOT_LITERAL;
  } else {
    return NOT_LITERAL;
  }
  if (value === NOT_LITERAL) return value;
  // `as const`, `as readonly string[]`, `satisfies T`: skip the type up to the end of the statement.
  for (;;) {
    const save = s.pos;
    s.skipTrivia();
    const word = isIdentChar(t.charCodeAt(s.pos)) ? s.readIdent() : '';
    if (word !== 'as' && word !== 'satisfies') {
      s.pos = save;
      return value;
    }
    skipType(s, true);
  }
}

/**
 * Skips a type expression until the statement or declaration ends: at depth 0, `=` (not `=>`),
 * `;`, `,` or a line break after a complete type.
 */
function skipType(s: Scanner, stopAtNewline: boolean): void {
  const t = s.text;
  let depth = 0;
  let needOperand = true;
  for (;;) {
    const before = s.pos;
    const newline = s.skipTrivia();
    if (s.pos >= t.length) return;
    if (newline && stopAtNewline && depth === 0 && !needOperand) {
      // Leave the line break for the caller's end-of-statement check.
      s.pos = before;
      return;
    }
    const c = t.charCodeAt(s.pos);
    if (depth === 0 && (c === 59 || c === 44 || c === 125 || c === 41 || c === 93)) return;
    if (c === 61) {
      if (t.charCodeAt(s.pos + 1) === 62) {
        s.pos += 2;
        needOperand = true;
        continue;
      }
      if (depth === 0) return;
      s.pos++;
      continue;
    }
    if (c === 40 || c === 91 || c === 123 || c === 60) {
      depth++;
      s.pos++;
      needOperand = true;
    } else if (c === 41 || c === 93 || c === 125 || c === 62) {
      depth = Math.max(0, depth - 1);
      s.pos++;
      needOperand = false;
    } else if (c === 39 || c === 34) {
      s.readString();
      needOperand = false;
    } else if (c === 96) {
      s.skipTemplate();
      needOperand = false;
    } else if (isIdentChar(c)) {
      const word = s.readIdent();
      needOperand = word === 'readonly' || word === 'keyof' || word === 'typeof' || word === 'unique';
    } else {
      // `|`, `&`, `?`, `:`, `.`: an operand follows.
      s.pos++;
      needOperand = c !== 46 || needOperand;
    }
  }
}

/** Whether a `/` at this point starts a regular expression (rather than a division). */
function slashStartsRegex(prev: number, prevWord: string): boolean {
  if (prev === 0) return true;
  if (isIdentChar(prev)) {
    return (
      prevWord === 'return' ||
      prevWord === 'typeof' ||
      prevWord === 'case' ||
      prevWord === 'do' ||
      prevWord === 'else' ||
      prevWord === 'in' ||
      prevWord === 'of' ||
      prevWord === 'new' ||
      prevWord === 'delete' ||
      prevWord === 'void' ||
      prevWord === 'throw' ||
      prevWord === 'yield' ||
      prevWord === 'await'
    );
  }
  return prev !== 41 && prev !== 93 && prev !== 125;
}

const Q = String.raw`'[^'\\\n]*'`;
const LIST = String.raw`\[(?:${Q}(?:, ${Q})*)?\]`;
/**
 * The exact shape retort's own templates write. Most files on disk are in it, so one anchored
 * regular expression (linear: no nested ambiguity) reads them without the general scanner.
 */
const TEMPLATE_SHAPE = new RegExp(
  [
    String.raw`^\/\*\*\n((?: \*(?:[^\n*]|\*(?!\/))*\n)*?) \*\/\n`,
    String.raw`import type \{ Operations \} from 'retort';\n`,
    String.raw`(?:import [\w\s{},*$]+ from ${Q};\n)*`,
    String.raw`\nexport const revision = (${Q});\n`,
    String.raw`export const downRevision: string \| readonly string\[\] \| null = (null|${Q}|${LIST});\n`,
    String.raw`export const branchLabels: readonly string\[\] = (${LIST});\n`,
    String.raw`export const dependsOn: readonly string\[\] = (${LIST});\n`,
    String.raw`\n(?:\/\/[^\n]*\n)*export async function upgrade\(`,
  ].join(''),
);

function quoted(literal: string): string {
  return literal.slice(1, -1);
}

function quotedList(literal: string): string[] {
  if (literal === '[]') return [];
  return literal.slice(1, -1).split(', ').map(quoted);
}

/** The header of a file in the template's exact shape, or `null` when the general scanner is needed (exported for tests). */
export function templateHeader(text: string): RevisionHeader | null {
  const m = TEMPLATE_SHAPE.exec(text);
  if (!m) return null;
  const longDoc = cleanDocComment(m[1]);
  const down = m[3];
  return {
    revision: quoted(m[2]),
    downRevision: down === 'null' ? null : down.startsWith('[') ? quotedList(down) : quoted(down),
    branchLabels: quotedList(m[4]),
    dependsOn: quotedList(m[5]),
    longDoc,
    doc: firstParagraph(longDoc),
    nonLiteral: [],
    hasUpgrade: true,
  };
}

/**
 * Reads a revision file's constants and doc comment from its text, without executing it.
 *
 * Throws a `RetortError` naming `path` when the text cannot be a module (unterminated comment
 * or string, binary content). Values that are not plain literals are listed in `nonLiteral`.
 *
 * @example
 * const header = readRevisionHeader(await readFile(p, 'utf8'), p);
 * if (header.nonLiteral.length === 0) console.log(header.revision, header.downRevision);
 */
export function readRevisionHeader(text: string, path: string): RevisionHeader {
  if (text.indexOf('\0') !== -1) {
    throw new RetortError(`Can't read revision file ${path}: it is not a text file`);
  }
  return templateHeader(text) ?? scanHeader(text, path);
}

/** The general scanner behind {@link readRevisionHeader} (exported for tests). */
export function scanHeader(text: string, path: string): RevisionHeader {
  const s = new Scanner(text, path);
  const longDoc = readDocComment(s);
  const found = new Map<string, HeaderValue>();
  const nonLiteral: string[] = [];
  let hasUpgrade = false;
  let depth = 0;
  let prev = 0; // last significant character code (0 at start)
  let prevWord = '';
  let atStatementStart = true;

  while (s.pos < text.length) {
    if (found.size + nonLiteral.length === CONSTANTS.size && hasUpgrade) break;
    const newline = s.skipTrivia();
    if (s.pos >= text.length) break;
    if (newline && depth === 0) atStatementStart = true;
    const c = text.charCodeAt(s.pos);

    if (isIdentChar(c) && !(c >= 48 && c <= 57)) {
      const start = s.pos;
      const word = s.readIdent();
      if (depth === 0 && atStatementStart && word === 'export') {
        handleExport(s, found, nonLiteral, (v) => (hasUpgrade ||= v));
        prev = 59;
        prevWord = '';
        atStatementStart = true;
        continue;
      }
      if (depth === 0 && (word === 'exports' || (word === 'module' && text.startsWith('.exports', s.pos)))) {
        if (text.charCodeAt(start - 1) !== 46 && !nonLiteral.includes('*')) nonLiteral.push('*');
      }
      prev = c;
      prevWord = word;
      atStatementStart = false;
      continue;
    }
    if (c === 39 || c === 34) {
      s.readString();
    } else if (c === 96) {
      s.skipTemplate();
    } else if (c === 47) {
      if (slashStartsRegex(prev, prevWord)) s.skipRegex();
      else s.pos++;
    } else {
      if (c === 123 || c === 40 || c === 91) depth++;
      else if (c === 125 || c === 41 || c === 93) depth = Math.max(0, depth - 1);
      s.pos++;
      atStatementStart = depth === 0 && (c === 59 || c === 125);
      prev = c;
      prevWord = '';
      continue;
    }
    prev = 39;
    prevWord = '';
    atStatementStart = false;
  }

  const revision = found.get('revision');
  return {
    revision: typeof revision === 'string' ? revision : null,
    downRevision: found.get('downRevision'),
    branchLabels: found.get('branchLabels'),
    dependsOn: found.get('dependsOn'),
    longDoc,
    doc: firstParagraph(longDoc),
    nonLiteral:
      revision !== undefined && typeof revision !== 'string' && !nonLiteral.includes('revision')
        ? [...nonLiteral, 'revision']
        : nonLiteral,
    hasUpgrade,
  };
}

/** Handles what follows a top-level `export` keyword. */
function handleExport(
  s: Scanner,
  found: Map<string, HeaderValue>,
  nonLiteral: string[],
  sawUpgrade: (v: boolean) => void,
): void {
  const t = s.text;
  s.skipTrivia();
  const c = t.charCodeAt(s.pos);
  if (c === 123 || c === 42) {
    // `export { … }` or `export * from`: the constants could come from anywhere.
    if (!nonLiteral.includes('*')) nonLiteral.push('*');
    return;
  }
  let word = s.readIdent();
  if (word === 'declare') {
    s.skipTrivia();
    word = s.readIdent();
  }
  if (word === 'async') {
    s.skipTrivia();
    word = s.readIdent();
  }
  if (word === 'function') {
    s.skipTrivia();
    if (t.charCodeAt(s.pos) === 42) s.pos++;
    s.skipTrivia();
    if (s.readIdent() === 'upgrade') sawUpgrade(true);
    return;
  }
  if (word !== 'const' && word !== 'let' && word !== 'var') return;
  for (;;) {
    s.skipTrivia();
    const name = s.readIdent();
    if (name === '') return; // destructuring: leave it to the main loop
    if (name === 'upgrade') sawUpgrade(true);
    s.skipTrivia();
    if (t.charCodeAt(s.pos) === 33) s.pos++; // definite assignment `!`
    if (t.charCodeAt(s.pos) === 58) {
      s.pos++;
      skipType(s, false);
    }
    s.skipTrivia();
    if (t.charCodeAt(s.pos) !== 61) {
      if (CONSTANTS.has(name) && !nonLiteral.includes(name)) nonLiteral.push(name);
      return;
    }
    s.pos++;
    if (!CONSTANTS.has(name)) return; // the main loop skips the initialiser
    const start = s.pos;
    const value = readLiteral(s);
    const newline = s.skipTrivia();
    const next = t.charCodeAt(s.pos);
    const ends = next === 59 || next === 44 || Number.isNaN(next) || newline || next === 125;
    if (value === NOT_LITERAL || !ends) {
      if (!nonLiteral.includes(name)) nonLiteral.push(name);
      s.pos = start;
      return;
    }
    if (found.has(name)) {
      s.fail(`'${name}' is declared twice`, start);
    }
    found.set(name, value);
    if (next !== 44) {
      if (next === 59) s.pos++;
      return;
    }
    s.pos++;
  }
}
