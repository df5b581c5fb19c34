import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root. */
export const repoRoot = resolve(import.meta.dirname, '..', '..');
/** The built binary (`npm test` builds first). */
export const bin = join(repoRoot, 'dist', 'cli', 'bin.js');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

if (!existsSync(bin)) {
  throw new Error(`${bin} does not exist: run \`npm run build\` first (\`npm test\` does).`);
}

/** Run `node dist/cli/bin.js ...args` in `cwd` as a whole process. */
export function runCli(
  cwd: string,
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<RunResult> {
  return new Promise((done) => {
    const childEnv: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...env };
    for (const k of Object.keys(childEnv)) if (childEnv[k] === undefined) delete childEnv[k];
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd, env: childEnv as NodeJS.ProcessEnv },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as any).code === 'number' ? (err as any).code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** Packages a test app may import besides retort, as an app has them in its node_modules. */
const APP_PACKAGES = ['express', 'drizzle-orm', 'better-sqlite3', 'kysely'];

/**
 * A temporary project whose `node_modules/retort` points at this repository, with the
 * app-side packages (Express, Drizzle, drivers) linked from this repository's node_modules.
 */
export function makeCliProject(files: Record<string, string> = {}): { root: string; cleanup(): void } {
  const root = mkdtempSync(join(process.env.RETORT_TEST_TMPDIR ?? tmpdir(), 'retort-cli-'));
  mkdirSync(join(root, 'node_modules'), { recursive: true });
  symlinkSync(repoRoot, join(root, 'node_modules', 'retort'), 'dir');
  for (const name of APP_PACKAGES) {
    symlinkSync(join(repoRoot, 'node_modules', name), join(root, 'node_modules', name), 'dir');
  }
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({ name: 'cli-test-app', type: 'module', private: true }),
  );
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/**
 * The transcript's demo app: `user` and `post` tables; `EXTRA=1` adds `user.email`,
 * `EXTRA=2` also a `profile` table.
 */
export const demoConfig = `import { Retort } from 'retort';

const extra = Number(process.env.EXTRA ?? 0);
const user = {
  name: 'user',
  columns: [
    { name: 'id', type: 'integer', nullable: false, primaryKey: true },
    { name: 'name', type: 'varchar(80)', nullable: false },
    ...(extra >= 1 ? [{ name: 'email', type: 'varchar(120)', nullable: true }] : []),
  ],
  uniqueConstraints: [{ kind: 'unique', columns: ['name'] }],
};
const post = {
  name: 'post',
  columns: [
    { name: 'id', type: 'integer', nullable: false, primaryKey: true },
    { name: 'title', type: 'varchar(200)', nullable: false },
    { name: 'author_id', type: 'integer', nullable: false },
  ],
  foreignKeys: [{ kind: 'foreignKey', columns: ['author_id'], referredTable: 'user', referredColumns: ['id'] }],
  indexes: [{ name: 'ix_post_title', columns: ['title'] }],
};
const profile = {
  name: 'profile',
  columns: [
    { name: 'id', type: 'integer', nullable: false, primaryKey: true },
    { name: 'user_id', type: 'integer', nullable: false },
    { name: 'bio', type: 'varchar', nullable: true },
  ],
  foreignKeys: [{ kind: 'foreignKey', columns: ['user_id'], referredTable: 'user', referredColumns: ['id'] }],
  indexes: [{ name: 'ix_profile_user_id', columns: ['user_id'] }],
};

export const retort = new Retort({
  engines: process.env.APP_DB ?? 'sqlite:app.sqlite',
  metadatas: { tables: extra >= 2 ? [user, post, profile] : [user, post] },
});
`;
