/**
 * A small SQL tokenizer, enough to read SQLite's stored CREATE TABLE / CREATE INDEX text
 * (names of constraints, CHECK expressions, index expressions) and to rename column
 * references inside expressions.
 */
export interface Token {
  readonly kind: 'word' | 'quoted' | 'string' | 'number' | 'punct' | 'blob';
  readonly text: string;
  /** For `word` and `quoted`: the identifier it names (unquoted). */
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

export function tokenize(sqlText: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = sqlText.length;
  while (i < n) {
    const ch = sqlText[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '-' && sqlText[i + 1] === '-') {
      const j = sqlText.indexOf('\n', i);
      i = j < 0 ? n : j + 1;
      continue;
    }
    if (ch === '/' && sqlText[i + 1] === '*') {
      const j = sqlText.indexOf('*/', i + 2);
      i = j < 0 ? n : j + 2;
      continue;
    }
    const start = i;
    if (ch === '"' || ch === '`' || ch === "'") {
      let j = i + 1;
      let value = '';
      while (j < n) {
        if (sqlText[j] === ch) {
          if (sqlText[j + 1] === ch) {
            value += ch;
            j += 2;
            continue;
          }
          break;
        }
        value += sqlText[j];
        j++;
      }
      i = j + 1;
      out.push({
        kind: ch === "'" ? 'string' : 'quoted',
        text: sqlText.slice(start, i),
        value,
        start,
        end: i,
      });
      continue;
    }
    if (ch === '[') {
      const j = sqlText.indexOf(']', i + 1);
      i = j < 0 ? n : j + 1;
      out.push({
        kind: 'quoted',
        text: sqlText.slice(start, i),
        value: sqlText.slice(start + 1, i - 1),
        start,
        end: i,
      });
      continue;
    }
    if ((ch === 'x' || ch === 'X') && sqlText[i + 1] === "'") {
      const j = sqlText.indexOf("'", i + 2);
      i = j < 0 ? n : j + 1;
      out.push({ kind: 'blob', text: sqlText.slice(start, i), value: '', start, end: i });
      continue;
    }
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(sqlText[i + 1] ?? ''))) {
      let j = i;
      while (j < n && /[0-9a-zA-Z_.]/.test(sqlText[j] as string)) {
        if ((sqlText[j] === 'e' || sqlText[j] === 'E') && /[+-]/.test(sqlText[j + 1] ?? '')) j++;
        j++;
      }
      i = j;
      out.push({ kind: 'number', text: sqlText.slice(start, i), value: '', start, end: i });
      continue;
    }
    if (/[\p{L}_$]/u.test(ch) || ch.charCodeAt(0) > 127) {
      let j = i;
      while (
        j < n &&
        (/[\p{L}\p{N}_$]/u.test(sqlText[j] as string) || (sqlText[j] as string).charCodeAt(0) > 127)
      )
        j++;
      i = j;
      const text = sqlText.slice(start, i);
      out.push({ kind: 'word', text, value: text, start, end: i });
      continue;
    }
    const two = sqlText.slice(i, i + 2);
    if (['<>', '<=', '>=', '!=', '==', '||', '<<', '>>', '->'].includes(two)) {
      i += 2;
      out.push({ kind: 'punct', text: two, value: two, start, end: i });
      continue;
    }
    i++;
    out.push({ kind: 'punct', text: ch, value: ch, start, end: i });
  }
  return out;
}

export function isWord(t: Token | undefined, word: string): boolean {
  return t !== undefined && t.kind === 'word' && t.text.toUpperCase() === word;
}

export function isIdentifier(t: Token | undefined): t is Token {
  return t !== undefined && (t.kind === 'word' || t.kind === 'quoted' || t.kind === 'string');
}

/** Index of the `)` matching the `(` at `open`. */
export function matchingParen(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind !== 'punct') continue;
    if (t.text === '(') depth++;
    else if (t.text === ')' && --depth === 0) return i;
  }
  return tokens.length - 1;
}

/** Split tokens[from, to) at top-level commas. */
export function splitTopLevel(tokens: readonly Token[], from: number, to: number): Token[][] {
  const parts: Token[][] = [];
  let current: Token[] = [];
  let depth = 0;
  for (let i = from; i < to; i++) {
    const t = tokens[i] as Token;
    if (t.kind === 'punct' && t.text === '(') depth++;
    if (t.kind === 'punct' && t.text === ')') depth--;
    if (depth === 0 && t.kind === 'punct' && t.text === ',') {
      parts.push(current);
      current = [];
    } else current.push(t);
  }
  if (current.length) parts.push(current);
  return parts;
}

/** The source text a token run covers. */
export function textOf(sqlText: string, tokens: readonly Token[]): string {
  if (tokens.length === 0) return '';
  return sqlText.slice((tokens[0] as Token).start, (tokens[tokens.length - 1] as Token).end);
}

/** Identifier tokens in an expression (words and quoted names; not after a `.` qualifier). */
function identifierTokens(tokens: readonly Token[]): Token[] {
  return tokens.filter((t, i) => {
    if (t.kind === 'quoted') return true;
    if (t.kind !== 'word') return false;
    // A word followed by "(" is a function name.
    const next = tokens[i + 1];
    return !(next && next.kind === 'punct' && next.text === '(');
  });
}

/** Whether an expression mentions a column (case-insensitive, as SQLite resolves names). */
export function mentionsColumn(expression: string, column: string): boolean {
  const c = column.toLowerCase();
  return identifierTokens(tokenize(expression)).some((t) => t.value.toLowerCase() === c);
}

/** Rewrite references to columns in an expression according to `renames` (old → new). */
export function renameColumnsIn(
  expression: string,
  renames: ReadonlyMap<string, string>,
  quote: (name: string) => string,
): string {
  if (renames.size === 0) return expression;
  const lower = new Map([...renames].map(([k, v]) => [k.toLowerCase(), v]));
  let out = '';
  let last = 0;
  for (const t of identifierTokens(tokenize(expression))) {
    const to = lower.get(t.value.toLowerCase());
    if (to === undefined) continue;
    out += expression.slice(last, t.start) + quote(to);
    last = t.end;
  }
  return out + expression.slice(last);
}
