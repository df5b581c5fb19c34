import type { ColumnSpec, ConstraintSpec, EnumSpec, IndexSpec, TableSpec } from './schema-nodes.js';

/**
 * One DDL statement (or a small group of them) in dialect-neutral form. Operations turn
 * themselves into these; each dialect's `compileDdl` turns them into SQL text.
 *
 * For `alterColumn`, `undefined` means "not changing"; `null` for `default` / `comment`
 * means "remove".
 */
export type DdlNode =
  | { readonly kind: 'createTable'; readonly table: TableSpec; readonly ifNotExists?: boolean }
  | {
      readonly kind: 'dropTable';
      readonly table: string;
      readonly schema?: string | null;
      readonly ifExists?: boolean;
    }
  | {
      readonly kind: 'renameTable';
      readonly table: string;
      readonly newName: string;
      readonly schema?: string | null;
    }
  | {
      readonly kind: 'addColumn';
      readonly table: string;
      readonly schema?: string | null;
      readonly column: ColumnSpec;
      readonly ifNotExists?: boolean;
    }
  | {
      readonly kind: 'dropColumn';
      readonly table: string;
      readonly schema?: string | null;
      readonly column: string;
      readonly ifExists?: boolean;
    }
  | AlterColumnNode
  | {
      readonly kind: 'createIndex';
      readonly table: string;
      readonly schema?: string | null;
      readonly index: IndexSpec;
      readonly ifNotExists?: boolean;
    }
  | {
      readonly kind: 'dropIndex';
      readonly name: string;
      readonly table?: string | null;
      readonly schema?: string | null;
      readonly ifExists?: boolean;
    }
  | {
      readonly kind: 'addConstraint';
      readonly table: string;
      readonly schema?: string | null;
      readonly constraint: ConstraintSpec;
    }
  | {
      readonly kind: 'dropConstraint';
      readonly table: string;
      readonly schema?: string | null;
      readonly name: string;
      readonly type?: ConstraintType | null;
      readonly ifExists?: boolean;
    }
  | {
      readonly kind: 'setTableComment';
      readonly table: string;
      readonly schema?: string | null;
      /** `null` removes the comment. */
      readonly comment: string | null;
    }
  | { readonly kind: 'createEnum'; readonly enum: EnumSpec; readonly ifNotExists?: boolean }
  | {
      readonly kind: 'dropEnum';
      readonly name: string;
      readonly schema?: string | null;
      readonly ifExists?: boolean;
    }
  | {
      readonly kind: 'alterEnumAddValue';
      readonly name: string;
      readonly schema?: string | null;
      readonly value: string;
      readonly before?: string | null;
      readonly after?: string | null;
      readonly ifNotExists?: boolean;
    };

/** Constraint kinds as Alembic's `type_` argument of `drop_constraint` spells them. */
export type ConstraintType = 'foreignkey' | 'primary' | 'unique' | 'check';

export interface AlterColumnNode {
  readonly kind: 'alterColumn';
  readonly table: string;
  readonly schema?: string | null;
  readonly column: string;
  readonly nullable?: boolean;
  readonly type?: string;
  readonly default?: string | null;
  readonly newName?: string;
  readonly comment?: string | null;
  /** PostgreSQL `ALTER COLUMN ... TYPE ... USING <expr>`. */
  readonly using?: string;
  readonly autoincrement?: boolean;
  readonly existingType?: string | null;
  readonly existingNullable?: boolean | null;
  readonly existingDefault?: string | null;
  readonly existingComment?: string | null;
  readonly existingAutoincrement?: boolean | null;
}
