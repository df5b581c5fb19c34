import type { RuntimeConnection } from './contracts.js';

/** What the runtime hands to the operations layer (`OperationContext` in docs/internals.md). */
export interface RuntimeOperationContext {
  dialect: any;
  connection?: RuntimeConnection;
  asSql: boolean;
  emit(sql: string): void;
  database: string;
}

/**
 * The smallest `op` the runtime can run revisions with while `src/operations` is not
 * importable: `execute`, `createTable`, `dropTable` and the `column` builder, compiled by
 * the dialect. The real `Operations` class replaces it as soon as it loads.
 */
export class MinimalOperations {
  readonly #ctx: RuntimeOperationContext;

  constructor(context: RuntimeOperationContext) {
    this.#ctx = context;
  }

  async #run(statements: readonly string[]): Promise<void> {
    for (const sql of statements) {
      this.#ctx.emit(sql);
      if (!this.#ctx.asSql) await this.#ctx.connection!.execute(sql);
    }
  }

  column(name: string, type: string, opts: Record<string, unknown> = {}): Record<string, unknown> {
    return { name, type, ...opts };
  }

  async execute(sql: string): Promise<void> {
    await this.#run([sql]);
  }

  async createTable(
    name: string,
    columns: readonly any[],
    opts: { schema?: string | null } = {},
  ): Promise<void> {
    const table = { name, schema: opts.schema ?? null, columns: columns.filter((c) => !c.kind) };
    await this.#run(this.#ctx.dialect.compileDdl({ kind: 'createTable', table }));
  }

  async dropTable(name: string, opts: { schema?: string | null } = {}): Promise<void> {
    await this.#run(
      this.#ctx.dialect.compileDdl({ kind: 'dropTable', table: name, schema: opts.schema ?? null }),
    );
  }
}
