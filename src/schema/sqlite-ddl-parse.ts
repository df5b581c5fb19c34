/**
 * Just enough of SQLite's CREATE TABLE / CREATE INDEX grammar to recover what the PRAGMAs
 * do not report: constraint names, CHECK expressions and partial-index predicates.
 */

/** Splits `text` on top-level commas (outside parentheses and quotes). */
export function splitTopLevel(text: string, sep = ','): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'" || ch === '"' || ch === '`' || ch === '[') {
      i = skipQuoted(text, i);
    } else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === sep && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last) out.push(last);
  return out;
}

/** Index of the character closing the quoted text that starts at `start` (doubled quotes are escapes). */
function skipQuoted(text: string, start: number): number {
  const open = text[start];
  const close = open === '[' ? ']' : open;
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === close) {
      if (open !== '[' && text[i + 1] === close) {
        i += 2;
        continue;
      }
      return i;
    }
    i++;
  }
  return i;
}

/** Index of the parenthesis closing the one at `open`. */
export function matchParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'" || ch === '"' || ch === '`') {
      i = skipQuoted(text, i);
    } else if (ch === '(') depth++;
    else if (ch === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return text.length;
}

export function unquoteIdent(s: string): string {
  const t = s.trim();
  const f = t[0];
  if ((f === '"' || f === '`') && t.endsWith(f)) return t.slice(1, -1).replaceAll(f + f, f);
  if (f === '[' && t.endsWith(']')) return t.slice(1, -1);
  return t;
}

const IDENT = String.raw`("(?:[^"]|"")+"|\x60[^\x60]+\x60|\[[^\]]+\]|[\w$]+)`;

export interface ParsedTable {
  checks: { name: string | null; expression: string }[];
  namedUniques: { name: string; columns: string[] }[];
  namedForeignKeys: { name: string; columns: string[] }[];
  primaryKeyName: string | null;
}

function cols(list: string): string[] {
  return splitTopLevel(list).map((c) =>
    unquoteIdent(c.replace(/\s+(asc|desc)$/i, '').replace(/\s+collate\s+\S+$/i, '')),
  );
}

export function parseCreateTable(sql: string): ParsedTable {
  const res: ParsedTable = { checks: [], namedUniques: [], namedForeignKeys: [], primaryKeyName: null };
  const open = sql.indexOf('(');
  if (open < 0) return res;
  const body = sql.slice(open + 1, matchParen(sql, open));
  const constraintRe = new RegExp(String.raw`^constraint\s+${IDENT}\s+`, 'i');
  for (const part of splitTopLevel(body)) {
    // Column-level named CHECKs: `col type CONSTRAINT name CHECK (...)`, and table elements.
    const lower = part.toLowerCase();
    const tableLevel = /^(constraint|check|unique|primary\s+key|foreign\s+key)\b/i.test(part);
    if (tableLevel) {
      let name: string | null = null;
      let rest = part;
      const m = constraintRe.exec(part);
      if (m) {
        name = unquoteIdent(m[1]);
        rest = part.slice(m[0].length);
      }
      const p = rest.indexOf('(');
      const inner = p >= 0 ? rest.slice(p + 1, matchParen(rest, p)) : '';
      if (/^check\b/i.test(rest)) res.checks.push({ name, expression: inner.trim() });
      else if (/^unique\b/i.test(rest) && name) res.namedUniques.push({ name, columns: cols(inner) });
      else if (/^foreign\s+key\b/i.test(rest) && name)
        res.namedForeignKeys.push({ name, columns: cols(inner) });
      else if (/^primary\s+key\b/i.test(rest) && name) res.primaryKeyName = name;
      continue;
    }
    if (!lower.includes('check') && !lower.includes('constraint')) continue;
    const colName = unquoteIdent(splitTopLevel(part, ' ')[0] ?? '');
    const re = new RegExp(String.raw`(?:constraint\s+${IDENT}\s+)?check\s*\(`, 'gi');
    let m: RegExpExecArray | null = re.exec(part);
    while (m) {
      const p = m.index + m[0].length - 1;
      const end = matchParen(part, p);
      res.checks.push({ name: m[1] ? unquoteIdent(m[1]) : null, expression: part.slice(p + 1, end).trim() });
      re.lastIndex = end;
      m = re.exec(part);
    }
    const fk = new RegExp(String.raw`constraint\s+${IDENT}\s+references\b`, 'i').exec(part);
    if (fk) res.namedForeignKeys.push({ name: unquoteIdent(fk[1]), columns: [colName] });
    const uq = new RegExp(String.raw`constraint\s+${IDENT}\s+unique\b`, 'i').exec(part);
    if (uq) res.namedUniques.push({ name: unquoteIdent(uq[1]), columns: [colName] });
  }
  return res;
}

/** The column list (as written) and WHERE predicate of a CREATE INDEX statement. */
export function parseCreateIndex(sql: string): { columns: string[]; where: string | null } {
  const on = /\bon\s+/i.exec(sql);
  const open = sql.indexOf('(', on ? on.index : 0);
  if (open < 0) return { columns: [], where: null };
  const close = matchParen(sql, open);
  const columns = splitTopLevel(sql.slice(open + 1, close)).map((c) => c.replace(/\s+(asc|desc)$/i, ''));
  const tail = sql.slice(close + 1);
  const w = /^\s*where\s+([\s\S]*)$/i.exec(tail);
  return { columns, where: w ? w[1].trim() : null };
}
