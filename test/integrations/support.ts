import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Retort } from '../../src/index.js';

const revisionFile = (rev: string, down: string | null, message: string, up: string, downSql: string) => `/**
 * ${message}
 *
 * Revision ID: ${rev}
 * Revises: ${down ?? ''}
 * Create Date: 2026-11-24 00:00:00.000000
 */
import type { Operations } from 'retort';

export const revision = '${rev}';
export const downRevision: string | readonly string[] | null = ${down ? `'${down}'` : 'null'};
export const branchLabels: readonly string[] = ${down ? '[]' : "['default']"};
export const dependsOn: readonly string[] = [];

export async function upgrade(op: Operations): Promise<void> {
  await op.execute(${JSON.stringify(up)});
}

export async function downgrade(op: Operations): Promise<void> {
  await op.execute(${JSON.stringify(downSql)});
}
`;

/** A project with two revisions (a `todo` table, then a column) and a Retort on a SQLite file. */
export function makeApp(): { root: string; url: string; retort: Retort; cleanup(): Promise<void> } {
  const root = mkdtempSync(join(process.env.RETORT_TEST_TMPDIR ?? tmpdir(), 'retort-int-'));
  mkdirSync(join(root, 'migrations'));
  writeFileSync(
    join(root, 'migrations', '1000_init.ts'),
    revisionFile('1000', null, 'init', 'CREATE TABLE todo (id INTEGER PRIMARY KEY)', 'DROP TABLE todo'),
  );
  writeFileSync(
    join(root, 'migrations', '1001_add_title.ts'),
    revisionFile(
      '1001',
      '1000',
      'add title',
      'ALTER TABLE todo ADD COLUMN title TEXT',
      'ALTER TABLE todo DROP COLUMN title',
    ),
  );
  const url = `sqlite:${join(root, 'app.sqlite')}`;
  const retort = new Retort({ root, engines: url });
  return {
    root,
    url,
    retort,
    cleanup: async () => {
      await retort.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** GET a URL; the JSON body and status. */
export async function getJson(url: string): Promise<{ status: number; body: any }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.json() };
}
