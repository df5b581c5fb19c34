import type {
  CheckConstraintSpec,
  ColumnSpec,
  Connection,
  ForeignKeySpec,
  IndexSpec,
  ReferentialAction,
  TableSpec,
  UniqueConstraintSpec,
} from '../dialects/index.js';
import { CommandError } from '../util/errors.js';
import {
  isIdentifier,
  isWord,
  matchingParen,
  splitTopLevel,
  type Token,
  textOf,
  tokenize,
} from './sql-tokens.js';

/** A SQLite table as the rebuild needs it: the neutral spec plus what only SQLite has. */
export interface ReflectedSqliteTable {
  readonly spec: TableSpec;
  /** The primary key column was declared `AUTOINCREMENT` (sqlite_sequence numbering). */
  readonly autoincrementKeyword: boolean;
  /** Table options after the column list (`WITHOUT ROWID`, `STRICT`), or ''. */
  readonly tableOptions: string;
}

interface ParsedCreateTable {
  tableOptions: string;
  pkName: string | null;
  autoincrementKeyword: boolean;
  uniques: { name: string | null; columns: string[] }[];
  fks: {
    name: string | null;
    columns: string[];
    deferrable: boolean | null;
    initially: 'deferred' | 'immediate' | null;
  }[];
  checks: CheckConstraintSpec[];
}

const COLUMN_CLAUSE = new Set([
  'CONSTRAINT',
  'PRIMARY',
  'NOT',
  'NULL',
  'UNIQUE',
  'CHECK',
  'DEFAULT',
  'COLLATE',
  'REFERENCES',
  'GENERATED',
  'AS',
]);

function identList(sqlText: string, tokens: Token[], open: number): string[] {
  const close = matchingParen(tokens, open);
  return splitTopLevel(tokens, open + 1, close).map((part) => {
    const first = part[0];
    // "col COLLATE x ASC" in a constraint column list: the name is the first token.
    return first && isIdentifier(first) ? first.value : textOf(sqlText, part);
  });
}

function deferrability(
  tokens: Token[],
  from: number,
): { deferrable: boolean | null; initially: 'deferred' | 'immediate' | null } {
  let deferrable: boolean | null = null;
  let initially: 'deferred' | 'immediate' | null = null;
  for (let i = from; i < tokens.length; i++) {
    if (isWord(tokens[i], 'DEFERRABLE')) deferrable = !isWord(tokens[i - 1], 'NOT');
    if (isWord(tokens[i], 'INITIALLY'))
      initially = isWord(tokens[i + 1], 'DEFERRED') ? 'deferred' : 'immediate';
  }
  return { deferrable, initially };
}

/** Read constraint names, CHECKs and deferrability from a stored CREATE TABLE text. */
export function parseCreateTable(sqlText: string): ParsedCreateTable {
  const tokens = tokenize(sqlText);
  const result: ParsedCreateTable = {
    tableOptions: '',
    pkName: null,
    autoincrementKeyword: false,
    uniques: [],
    fks: [],
    checks: [],
  };
  const open = tokens.findIndex((t) => t.kind === 'punct' && t.text === '(');
  if (open < 0) return result;
  const close = matchingParen(tokens, open);
  result.tableOptions = textOf(sqlText, tokens.slice(close + 1));
  for (const item of splitTopLevel(tokens, open + 1, close)) {
    let i = 0;
    let name: string | null = null;
    const first = item[0];
    const isTableConstraint = ['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN'].some((w) =>
      isWord(first, w),
    );
    if (isTableConstraint) {
      if (isWord(item[0], 'CONSTRAINT')) {
        name = (item[1] as Token).value;
        i = 2;
      }
      const kw = item[i];
      const parenAt = item.findIndex((t, k) => k > i && t.kind === 'punct' && t.text === '(');
      if (isWord(kw, 'PRIMARY')) {
        result.pkName = name;
        if (item.some((t) => isWord(t, 'AUTOINCREMENT'))) result.autoincrementKeyword = true;
      } else if (isWord(kw, 'UNIQUE') && parenAt >= 0) {
        result.uniques.push({ name, columns: identList(sqlText, item, parenAt) });
      } else if (isWord(kw, 'CHECK') && parenAt >= 0) {
        const end = matchingParen(item, parenAt);
        result.checks.push({
          kind: 'check',
          name,
          expression: textOf(sqlText, item.slice(parenAt + 1, end)),
        });
      } else if (isWord(kw, 'FOREIGN') && parenAt >= 0) {
        const refAt = item.findIndex((t) => isWord(t, 'REFERENCES'));
        result.fks.push({
          name,
          columns: identList(sqlText, item, parenAt),
          ...deferrability(item, Math.max(refAt, 0)),
        });
      }
      continue;
    }
    // A column definition: name, type words, then clauses.
    const column = (first as Token).value;
    let pending: string | null = null;
    for (let k = 1; k < item.length; k++) {
      const t = item[k] as Token;
      if (isWord(t, 'CONSTRAINT') && item[k + 1]) {
        pending = (item[k + 1] as Token).value;
        k++;
        continue;
      }
      if (isWord(t, 'PRIMARY')) {
        result.pkName = pending;
        pending = null;
      } else if (isWord(t, 'AUTOINCREMENT')) {
        result.autoincrementKeyword = true;
      } else if (isWord(t, 'UNIQUE')) {
        result.uniques.push({ name: pending, columns: [column] });
        pending = null;
      } else if (isWord(t, 'CHECK') && item[k + 1]?.text === '(') {
        const end = matchingParen(item, k + 1);
        result.checks.push({
          kind: 'check',
          name: pending,
          expression: textOf(sqlText, item.slice(k + 2, end)),
        });
        pending = null;
        k = end;
      } else if (isWord(t, 'REFERENCES')) {
        let end = k + 1;
        while (
          end < item.length &&
          !(
            item[end]?.kind === 'word' &&
            COLUMN_CLAUSE.has((item[end] as Token).text.toUpperCase()) &&
            !isWord(item[end - 1], 'SET') &&
            !(isWord(item[end], 'NOT') && isWord(item[end + 1], 'DEFERRABLE'))
          )
        )
          end++;
        result.fks.push({ name: pending, columns: [column], ...deferrability(item.slice(k, end), 0) });
        pending = null;
        k = end - 1;
      } else if (t.kind === 'word' && COLUMN_CLAUSE.has(t.text.toUpperCase())) {
        pending = null;
      }
    }
  }
  return result;
}

/** Parse a stored CREATE INDEX text into an index spec (expressions kept as text). */
export function parseCreateIndex(sqlText: string, name: string, unique: boolean): IndexSpec {
  const tokens = tokenize(sqlText);
  const on = tokens.findIndex((t) => isWord(t, 'ON'));
  const open = tokens.findIndex((t, k) => k > on && t.kind === 'punct' && t.text === '(');
  const close = matchingParen(tokens, open);
  const columns: string[] = [];
  const expressions: boolean[] = [];
  for (const part of splitTopLevel(tokens, open + 1, close)) {
    if (part.length === 1 && isIdentifier(part[0])) {
      columns.push((part[0] as Token).value);
      expressions.push(false);
    } else {
      columns.push(textOf(sqlText, part));
      expressions.push(true);
    }
  }
  const whereAt = tokens.findIndex((t, k) => k > close && isWord(t, 'WHERE'));
  const where = whereAt >= 0 ? textOf(sqlText, tokens.slice(whereAt + 1)) : null;
  return {
    name,
    columns,
    unique,
    where,
    ...(expressions.some(Boolean) ? { expressions } : {}),
  };
}

function action(a: unknown): ReferentialAction | null {
  const s = String(a ?? '').toLowerCase();
  return s === '' || s === 'no action' ? null : (s as ReferentialAction);
}

/**
 * Read a table's full definition from SQLite (PRAGMA table_xinfo / index_list /
 * index_info / foreign_key_list, and the stored CREATE text for names and CHECKs).
 */
export async function reflectSqliteTable(
  conn: Connection,
  table: string,
  schema: string | null = null,
): Promise<ReflectedSqliteTable> {
  const d = conn.dialect;
  const prefix = schema ? `${d.quoteIdentifier(schema)}.` : '';
  const master = `${prefix}sqlite_master`;
  const { rows: tableRows } = await conn.execute(
    `SELECT sql FROM ${master} WHERE type = 'table' AND name = ?`,
    [table],
  );
  const createSql = tableRows[0]?.sql;
  if (typeof createSql !== 'string') throw new CommandError(`No such table: "${table}"`);
  const parsed = parseCreateTable(createSql);
  const q = d.literal(table);

  const { rows: cols } = await conn.execute(`PRAGMA ${prefix}table_xinfo(${q})`);
  if (cols.some((c) => Number(c.hidden) === 2 || Number(c.hidden) === 3)) {
    throw new CommandError(`Table "${table}" has generated columns; retort cannot rebuild it on SQLite`);
  }
  const pkCols = cols
    .filter((c) => Number(c.pk) > 0)
    .sort((a, b) => Number(a.pk) - Number(b.pk))
    .map((c) => String(c.name));
  const columns: ColumnSpec[] = cols
    .filter((c) => Number(c.hidden ?? 0) === 0)
    .map((c) => {
      const name = String(c.name);
      const type = String(c.type ?? '');
      const rowidAlias = pkCols.length === 1 && pkCols[0] === name && type.toUpperCase() === 'INTEGER';
      return {
        name,
        type,
        nullable: !(Number(c.notnull) === 1 || pkCols.includes(name)),
        ...(c.dflt_value != null ? { default: String(c.dflt_value) } : {}),
        ...(rowidAlias ? { autoincrement: true } : {}),
      };
    });

  const { rows: indexList } = await conn.execute(`PRAGMA ${prefix}index_list(${q})`);
  const uniqueConstraints: UniqueConstraintSpec[] = [];
  const indexes: IndexSpec[] = [];
  for (const ix of indexList) {
    const ixName = String(ix.name);
    const { rows: info } = await conn.execute(`PRAGMA ${prefix}index_info(${d.literal(ixName)})`);
    const ixCols = info.sort((a, b) => Number(a.seqno) - Number(b.seqno)).map((r) => String(r.name));
    if (ix.origin === 'u') {
      const named = parsed.uniques.find((u) => sameColumns(u.columns, ixCols));
      uniqueConstraints.push({ kind: 'unique', name: named?.name ?? null, columns: ixCols });
    } else if (ix.origin === 'c') {
      const { rows: ixSql } = await conn.execute(
        `SELECT sql FROM ${master} WHERE type = 'index' AND name = ?`,
        [ixName],
      );
      const text = ixSql[0]?.sql;
      if (typeof text === 'string') indexes.push(parseCreateIndex(text, ixName, Number(ix.unique) === 1));
    }
  }
  // index_list is newest first; keep creation order.
  uniqueConstraints.reverse();
  indexes.reverse();

  const { rows: fkRows } = await conn.execute(`PRAGMA ${prefix}foreign_key_list(${q})`);
  const byId = new Map<number, Record<string, unknown>[]>();
  for (const r of fkRows) {
    const id = Number(r.id);
    byId.set(id, [...(byId.get(id) ?? []), r]);
  }
  const foreignKeys: ForeignKeySpec[] = [];
  for (const id of [...byId.keys()].sort((a, b) => b - a)) {
    const parts = (byId.get(id) ?? []).sort((a, b) => Number(a.seq) - Number(b.seq));
    const first = parts[0] as Record<string, unknown>;
    const referredTable = String(first.table);
    const local = parts.map((p) => String(p.from));
    let remote = parts.map((p) => (p.to == null ? null : String(p.to)));
    if (remote.some((r) => r === null)) {
      // REFERENCES parent without columns: the parent's primary key.
      const { rows: parentCols } = await conn.execute(
        `PRAGMA ${prefix}table_info(${d.literal(referredTable)})`,
      );
      const parentPk = parentCols
        .filter((c) => Number(c.pk) > 0)
        .sort((a, b) => Number(a.pk) - Number(b.pk))
        .map((c) => String(c.name));
      remote = parentPk.length === local.length ? parentPk : local;
    }
    const named = parsed.fks.find((f) => sameColumns(f.columns, local));
    foreignKeys.push({
      kind: 'foreignKey',
      name: named?.name ?? null,
      columns: local,
      referredTable,
      referredColumns: remote as string[],
      onDelete: action(first.on_delete),
      onUpdate: action(first.on_update),
      deferrable: named?.deferrable ?? null,
      initially: named?.initially ?? null,
    });
  }

  return {
    spec: {
      name: table,
      schema,
      columns,
      primaryKey: pkCols.length ? { kind: 'primaryKey', name: parsed.pkName, columns: pkCols } : null,
      uniqueConstraints,
      foreignKeys,
      checkConstraints: parsed.checks,
      indexes,
      comment: null,
    },
    autoincrementKeyword: parsed.autoincrementKeyword,
    tableOptions: parsed.tableOptions,
  };
}

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x.toLowerCase() === (b[i] as string).toLowerCase());
}
