import type {
  CheckConstraintSpec,
  ColumnSpec,
  Dialect,
  ForeignKeySpec,
  IndexSpec,
  PrimaryKeySpec,
  TableSpec,
  UniqueConstraintSpec,
} from '../dialects/index.js';
import { CommandError } from '../util/errors.js';
import { AddColumnOp, AlterColumnOp, DropColumnOp } from './column-ops.js';
import { AddConstraintOp, DropConstraintOp } from './constraint-ops.js';
import { CreateIndexOp, DropIndexOp } from './index-ops.js';
import type { MigrateOperation } from './migrate-operation.js';
import { mentionsColumn, renameColumnsIn } from './sql-tokens.js';
import { CreateTableCommentOp, DropTableCommentOp } from './table-ops.js';

interface ModelColumn {
  spec: ColumnSpec;
  /** The old column whose data fills this one; null for a new column. */
  source: string | null;
  /** The type changed: copy with CAST. */
  cast: boolean;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * A table definition being edited by batch ops, for the move-and-copy rebuild (Alembic's
 * `ApplyBatchImpl`): columns remember where their data comes from.
 */
export class TableModel {
  readonly name: string;
  readonly schema: string | null;
  readonly #dialect: Dialect;
  #columns: ModelColumn[];
  #pk: PrimaryKeySpec | null;
  #uniques: UniqueConstraintSpec[];
  #fks: ForeignKeySpec[];
  #checks: CheckConstraintSpec[];
  #indexes: IndexSpec[];
  #comment: string | null;

  /** `typesAreSql`: the spec's types are already this dialect's SQL (reflected). */
  constructor(spec: TableSpec, dialect: Dialect, typesAreSql: boolean) {
    this.name = spec.name;
    this.schema = spec.schema ?? null;
    this.#dialect = dialect;
    const pkCols = spec.primaryKey?.columns ?? spec.columns.filter((c) => c.primaryKey).map((c) => c.name);
    this.#columns = spec.columns.map((c) => ({
      spec: { ...c, type: typesAreSql ? c.type : dialect.compileType(c.type), primaryKey: false },
      source: c.name,
      cast: false,
    }));
    this.#pk = pkCols.length
      ? { kind: 'primaryKey', name: spec.primaryKey?.name ?? null, columns: [...pkCols] }
      : null;
    this.#uniques = [...(spec.uniqueConstraints ?? [])];
    this.#fks = [...(spec.foreignKeys ?? [])];
    this.#checks = [...(spec.checkConstraints ?? [])];
    this.#indexes = [...(spec.indexes ?? [])];
    this.#comment = spec.comment ?? null;
  }

  /** The column copy list: `[new name, SQL expression over the old table]`. */
  copyColumns(): [string, string][] {
    const q = (n: string) => this.#dialect.quoteIdentifier(n);
    return this.#columns
      .filter((c) => c.source !== null)
      .map((c) => [
        c.spec.name,
        c.cast ? `CAST(${q(c.source as string)} AS ${c.spec.type})` : q(c.source as string),
      ]);
  }

  get indexes(): readonly IndexSpec[] {
    return this.#indexes;
  }

  hasSelfReference(): boolean {
    return this.#fks.some((f) => same(f.referredTable, this.name));
  }

  /** The new definition (without indexes, which are created after the swap). */
  toSpec(name: string = this.name): TableSpec {
    return {
      name,
      schema: this.schema,
      // Only a single-column primary key can number itself.
      columns: this.#columns.map((c) =>
        c.spec.autoincrement &&
        !(this.#pk?.columns.length === 1 && same(this.#pk.columns[0] as string, c.spec.name))
          ? { ...c.spec, autoincrement: false }
          : c.spec,
      ),
      primaryKey: this.#pk,
      uniqueConstraints: this.#uniques,
      foreignKeys: this.#fks,
      checkConstraints: this.#checks,
      indexes: [],
      comment: this.#comment,
    };
  }

  apply(op: MigrateOperation): void {
    if (op instanceof AddColumnOp) this.#addColumn(op);
    else if (op instanceof DropColumnOp) this.#dropColumn(op.columnName);
    else if (op instanceof AlterColumnOp) this.#alterColumn(op);
    else if (op instanceof CreateIndexOp) this.#indexes.push(op.toIndex());
    else if (op instanceof DropIndexOp) {
      const i = this.#indexes.findIndex((x) => x.name === op.indexName);
      if (i < 0) throw new CommandError(`No such index: '${op.indexName}'`);
      this.#indexes.splice(i, 1);
    } else if (op instanceof AddConstraintOp) this.#addConstraint(op);
    else if (op instanceof DropConstraintOp) this.#dropConstraint(op.constraintName);
    else if (op instanceof CreateTableCommentOp) this.#comment = op.comment;
    else if (op instanceof DropTableCommentOp) this.#comment = null;
    else throw new CommandError(`${op.kind} is not supported inside batchAlterTable`);
  }

  #find(name: string): ModelColumn {
    const c = this.#columns.find((x) => same(x.spec.name, name));
    if (!c) throw new CommandError(`No such column: "${name}" in table "${this.name}"`);
    return c;
  }

  #addColumn(op: AddColumnOp): void {
    if (this.#columns.some((x) => same(x.spec.name, op.column.name))) {
      throw new CommandError(`Column "${op.column.name}" already exists in table "${this.name}"`);
    }
    const col: ModelColumn = {
      spec: { ...op.column, type: this.#dialect.compileType(op.column.type), primaryKey: false },
      source: null,
      cast: false,
    };
    if (op.column.primaryKey) {
      this.#pk = {
        kind: 'primaryKey',
        name: this.#pk?.name ?? null,
        columns: [...(this.#pk?.columns ?? []), op.column.name],
      };
    }
    let at = this.#columns.length;
    if (op.insertBefore) at = this.#columns.indexOf(this.#find(op.insertBefore));
    else if (op.insertAfter) at = this.#columns.indexOf(this.#find(op.insertAfter)) + 1;
    this.#columns.splice(at, 0, col);
  }

  #dropColumn(name: string): void {
    const col = this.#find(name);
    this.#columns.splice(this.#columns.indexOf(col), 1);
    const has = (cols: readonly string[]) => cols.some((c) => same(c, name));
    if (this.#pk) {
      const rest = this.#pk.columns.filter((c) => !same(c, name));
      this.#pk = rest.length ? { ...this.#pk, columns: rest } : null;
    }
    this.#uniques = this.#uniques.filter((u) => !has(u.columns));
    this.#fks = this.#fks.filter((f) => !has(f.columns));
    this.#checks = this.#checks.filter((c) => !mentionsColumn(c.expression, name));
    this.#indexes = this.#indexes.filter(
      (ix) =>
        !ix.columns.some((c, i) => (ix.expressions?.[i] ? mentionsColumn(c, name) : same(c, name))) &&
        !(ix.where && mentionsColumn(ix.where, name)),
    );
  }

  #alterColumn(op: AlterColumnOp): void {
    const col = this.#find(op.columnName);
    const spec: { -readonly [K in keyof ColumnSpec]: ColumnSpec[K] } = { ...col.spec };
    if (op.modifyNullable !== undefined) spec.nullable = op.modifyNullable;
    if (op.modifyType !== undefined) {
      const t = this.#dialect.compileType(op.modifyType);
      if (t.toLowerCase() !== spec.type.toLowerCase()) col.cast = col.source !== null;
      spec.type = t;
    }
    if (op.modifyServerDefault !== undefined) {
      if (op.modifyServerDefault === null) delete spec.default;
      else spec.default = op.modifyServerDefault;
    }
    if (op.modifyComment !== undefined) spec.comment = op.modifyComment;
    if (op.modifyAutoincrement !== undefined) spec.autoincrement = op.modifyAutoincrement;
    const newName = op.modifyName;
    if (newName !== undefined && newName !== col.spec.name) {
      const old = col.spec.name;
      spec.name = newName;
      this.#rename(old, newName);
    }
    col.spec = spec;
    if (op.insertBefore || op.insertAfter) {
      this.#columns.splice(this.#columns.indexOf(col), 1);
      const at = op.insertBefore
        ? this.#columns.indexOf(this.#find(op.insertBefore))
        : this.#columns.indexOf(this.#find(op.insertAfter as string)) + 1;
      this.#columns.splice(at, 0, col);
    }
  }

  #rename(from: string, to: string): void {
    const map = (cols: readonly string[]) => cols.map((c) => (same(c, from) ? to : c));
    const renames = new Map([[from, to]]);
    const q = (n: string) => this.#dialect.quoteIdentifier(n);
    if (this.#pk) this.#pk = { ...this.#pk, columns: map(this.#pk.columns) };
    this.#uniques = this.#uniques.map((u) => ({ ...u, columns: map(u.columns) }));
    this.#fks = this.#fks.map((f) => ({
      ...f,
      columns: map(f.columns),
      referredColumns: same(f.referredTable, this.name) ? map(f.referredColumns) : f.referredColumns,
    }));
    this.#checks = this.#checks.map((c) => ({ ...c, expression: renameColumnsIn(c.expression, renames, q) }));
    this.#indexes = this.#indexes.map((ix) => ({
      ...ix,
      columns: ix.columns.map((c, i) =>
        ix.expressions?.[i] ? renameColumnsIn(c, renames, q) : same(c, from) ? to : c,
      ),
      where: ix.where ? renameColumnsIn(ix.where, renames, q) : ix.where,
    }));
  }

  #addConstraint(op: AddConstraintOp): void {
    const c = op.toConstraint();
    if (!c.name) throw new CommandError('Constraint must have a name');
    switch (c.kind) {
      case 'primaryKey':
        for (const name of c.columns) {
          const col = this.#find(name);
          col.spec = { ...col.spec, nullable: false };
        }
        this.#pk = c;
        break;
      case 'unique':
        this.#uniques.push(c);
        break;
      case 'foreignKey':
        this.#fks.push(c);
        break;
      case 'check':
        this.#checks.push(c);
        break;
    }
  }

  #dropConstraint(name: string): void {
    if (this.#pk?.name === name) {
      this.#pk = null;
      return;
    }
    for (const list of [this.#uniques, this.#fks, this.#checks] as { name?: string | null }[][]) {
      const i = list.findIndex((x) => x.name === name);
      if (i >= 0) {
        list.splice(i, 1);
        return;
      }
    }
    throw new CommandError(`No such constraint: '${name}'`);
  }
}
