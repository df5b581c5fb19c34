import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Retort, type RetortOptions } from '../../src/index.js';

/** A temporary app root holding a copy of the fixture migrations (as Flask-Alembic's conftest). */
export interface TestProject {
  root: string;
  dbUrl: string;
  dbPath: string;
  cleanup(): void;
}

const base = process.env.RETORT_TEST_TMPDIR ?? tmpdir();

export function makeProject(options: { migrations?: boolean } = {}): TestProject {
  const root = mkdtempSync(join(base, 'retort-app-'));
  if (options.migrations ?? true) {
    cpSync(join(import.meta.dirname, 'fixtures', 'migrations'), join(root, 'migrations'), {
      recursive: true,
    });
  }
  const dbPath = join(root, 'app.sqlite');
  return {
    root,
    dbPath,
    dbUrl: `sqlite:${dbPath}`,
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** The conftest's metadata: a `todo` table with `id` and `text`. Plain, so tests can add tables. */
export function todoMetadata(): { tables: any[] } {
  return {
    tables: [
      {
        name: 'todo',
        columns: [
          { name: 'id', type: 'integer', nullable: false, primaryKey: true },
          { name: 'text', type: 'text', nullable: true },
        ],
      },
    ],
  };
}

/** Retort on the project, closed by the caller. */
export function makeRetort(project: TestProject, options: RetortOptions = {}): Retort {
  return new Retort({ root: project.root, engines: project.dbUrl, metadatas: todoMetadata(), ...options });
}
