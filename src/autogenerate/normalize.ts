/**
 * Per-dialect canonical forms of types, defaults and expressions, so that what the app
 * declares and what the database reports compare equal whenever they mean the same thing
 * (`int4` = `integer`, `'x'::character varying` = `'x'`, `int(11)` = `int`, ...).
 */
import type { SchemaDialect } from '../schema/index.js';

export interface CanonicalType {
  /** Base name with synonyms folded (`integer`, `varchar`, `timestamptz`, `int unsigned`). */
  base: string;
  /** Arguments (`['80']`, `['10','2']`), or null when none were written. */
  args: string[] | null;
}

function splitArgs(s: string): string[] {
  return s.split(',').map((a) => a.trim());
}

const PG_SYNONYMS: Record<string, string> = {
  int: 'integer',
  int4: 'integer',
  serial: 'integer',
  serial4: 'integer',
  int8: 'bigint',
  bigserial: 'bigint',
  serial8: 'bigint',
  int2: 'smallint',
  smallserial: 'smallint',
  serial2: 'smallint',
  'character varying': 'varchar',
  string: 'varchar',
  character: 'char',
  bpchar: 'char',
  bool: 'boolean',
  float8: 'double precision',
  double: 'double precision',
  float: 'double precision',
  float4: 'real',
  decimal: 'numeric',
  datetime: 'timestamp',
  timestamptz: 'timestamptz',
  timetz: 'timetz',
};

const MYSQL_SYNONYMS: Record<string, string> = {
  integer: 'int',
  bool: 'boolean',
  numeric: 'decimal',
  'double precision': 'double',
  real: 'double',
  'character varying': 'varchar',
  string: 'varchar',
  character: 'char',
  longtext: 'json',
  serial: 'bigint unsigned',
  uuid: 'char',
};

const SQLITE_SYNONYMS: Record<string, string> = {
  int: 'integer',
  bool: 'boolean',
  string: 'varchar',
  'character varying': 'varchar',
  decimal: 'numeric',
  double: 'real',
  'double precision': 'real',
  float: 'real',
};

const INT_TYPES = /^(tinyint|smallint|mediumint|int|integer|bigint)$/;

function unquoteName(s: string): string {
  return s
    .replace(/"((?:[^"]|"")*)"/g, (_m, n: string) => n.replaceAll('""', '"'))
    .replace(/`([^`]*)`/g, '$1');
}

// Schemas repeat the same few type and default spellings thousands of times.
const typeCache = new Map<string, CanonicalType>();
const defaultCache = new Map<string, string | null>();

/** The canonical form of a SQL type for one dialect. */
export function canonicalType(type: string, dialect: SchemaDialect): CanonicalType {
  const key = `${dialect}\0${type}`;
  let c = typeCache.get(key);
  if (!c) {
    if (typeCache.size > 10_000) typeCache.clear();
    c = computeCanonicalType(type, dialect);
    typeCache.set(key, c);
  }
  return c;
}

function computeCanonicalType(type: string, dialect: SchemaDialect): CanonicalType {
  let t = unquoteName(type.trim()).replace(/\s+/g, ' ');
  let array = '';
  while (t.endsWith('[]')) {
    array += '[]';
    t = t.slice(0, -2).trimEnd();
  }
  const lower = t.toLowerCase();
  if (dialect === 'mysql' && /^(enum|set)\s*\(/.test(lower)) {
    // Value order is not significant for the comparison (as Alembic 1.18.5).
    const kind = lower.startsWith('enum') ? 'enum' : 'set';
    const inner = t.slice(t.indexOf('(') + 1, t.lastIndexOf(')'));
    const values = [...inner.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]).sort();
    return { base: kind, args: values };
  }
  let base = lower;
  let args: string[] | null = null;
  let suffix = '';
  const m = /^([a-z_][\w .$]*?)\s*\(([^)]*)\)\s*(.*)$/.exec(lower);
  if (m) {
    base = m[1].trim();
    args = splitArgs(m[2]);
    suffix = m[3].trim();
  }
  if (dialect === 'postgresql') {
    // timestamp(3) with time zone and friends: the precision sits before the zone words.
    const tz = /^(timestamp|time)(?: with(out)? time zone)?$/.exec(`${base}${suffix ? ` ${suffix}` : ''}`);
    if (tz) {
      base = tz[1] + (tz[0].includes(' with time zone') ? 'tz' : '');
      suffix = '';
    }
    base = PG_SYNONYMS[base] ?? base;
    if (base.includes('.')) base = base.slice(base.lastIndexOf('.') + 1); // schema-qualified enum
  } else if (dialect === 'mysql') {
    if (base === 'tinyint' && args?.length === 1 && args[0] === '1') {
      base = 'boolean';
      args = null;
    }
    base = MYSQL_SYNONYMS[base] ?? base;
    if (INT_TYPES.test(base)) args = null; // display width is not a type difference
    if (base === 'char' && type.toLowerCase() === 'uuid') args = ['36'];
    if (suffix) base = `${base} ${suffix}`;
    suffix = '';
    if (base.startsWith('bigint unsigned') && base !== 'bigint unsigned') base = 'bigint unsigned';
  } else {
    base = SQLITE_SYNONYMS[base] ?? base;
  }
  if (suffix) base = `${base} ${suffix}`;
  return { base: base + array, args };
}

/** True when the two types differ in a way worth a migration (Alembic's rule: arguments count only when both sides state them). */
export function typesDiffer(a: string, b: string, dialect: SchemaDialect): boolean {
  const x = canonicalType(a, dialect);
  const y = canonicalType(b, dialect);
  if (x.base !== y.base) return true;
  if (x.args && y.args && x.args.length === y.args.length) return x.args.join(',') !== y.args.join(',');
  return false;
}

/** Applies `fn` to the parts of `sql` outside single-quoted string literals. */
function outsideLiterals(sql: string, fn: (part: string) => string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const q = sql.indexOf("'", i);
    if (q < 0) {
      out += fn(sql.slice(i));
      break;
    }
    out += fn(sql.slice(i, q));
    let j = q + 1;
    while (j < sql.length) {
      if (sql[j] === "'" && sql[j + 1] === "'") j += 2;
      else if (sql[j] === "'") break;
      else j++;
    }
    out += sql.slice(q, j + 1);
    i = j + 1;
  }
  return out;
}

function wrapsWhole(s: string): boolean {
  if (!s.startsWith('(') || !s.endsWith(')')) return false;
  let depth = 0;
  let inStr = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === "'") inStr = !inStr;
    if (inStr) continue;
    if (ch === '(') depth++;
    else if (ch === ')') {
      depth--;
      if (depth === 0 && i < s.length - 1) return false;
    }
  }
  return true;
}

function stripParens(s: string): string {
  let t = s.trim();
  while (wrapsWhole(t)) t = t.slice(1, -1).trim();
  return t;
}

const CAST =
  /::\s*(?:"[^"]+"|[a-z_][\w.]*)(?:\s+(?:varying|precision|with(?:out)?\s+time\s+zone))*(?:\s*\(\s*\d+(?:\s*,\s*\d+)?\s*\))?(?:\[\])*/gi;

/** Canonical text of a server default, or null for none. */
export function canonicalDefault(value: string | null | undefined, dialect: SchemaDialect): string | null {
  if (value === null || value === undefined) return null;
  const key = `${dialect}\0${value}`;
  const hit = defaultCache.get(key);
  if (hit !== undefined) return hit;
  if (defaultCache.size > 10_000) defaultCache.clear();
  const c = computeCanonicalDefault(value, dialect);
  defaultCache.set(key, c);
  return c;
}

function computeCanonicalDefault(value: string, dialect: SchemaDialect): string | null {
  let t = stripParens(value.trim());
  if (t === '' || /^null$/i.test(t)) return null;
  if (dialect === 'postgresql') {
    t = stripParens(outsideLiterals(t, (p) => p.replace(CAST, '')));
  }
  t = outsideLiterals(t, (p) => p.replace(/\s+/g, '').toLowerCase());
  t = stripParens(t);
  // A quoted number is the number; a quoted JSON document compares by its value.
  const q = /^'((?:[^']|'')*)'$/.exec(t);
  if (q) {
    const body = q[1].replaceAll("''", "'");
    if (/^-?\d+(\.\d+)?$/.test(body)) t = body;
    else if (/^[[{]/.test(body)) {
      try {
        t = `'${JSON.stringify(JSON.parse(body)).replaceAll("'", "''")}'`;
      } catch {
        // not JSON: keep the text
      }
    }
  }
  if (/^-?\d+(\.\d+)?$/.test(t)) t = String(Number(t));
  if (/^(now\(\)|current_timestamp(\(\))?|localtimestamp(\(\))?)$/.test(t)) t = 'current_timestamp';
  if (dialect !== 'postgresql') {
    if (t === 'true') t = '1';
    else if (t === 'false') t = '0';
  }
  return t;
}

/** Canonical text of a SQL boolean or index expression, for equality only. */
export function canonicalExpression(sql: string | null | undefined): string | null {
  if (sql === null || sql === undefined) return null;
  let t = outsideLiterals(sql, (p) => p.replace(CAST, ''));
  t = outsideLiterals(t, (p) =>
    p
      .replace(/"((?:[^"]|"")*)"/g, '$1')
      .replace(/`([^`]*)`/g, '$1')
      .replace(/[\s()]+/g, '')
      .toLowerCase(),
  );
  return t;
}
