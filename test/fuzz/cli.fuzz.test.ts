/**
 * Fuzzing the command line in-process (`main(argv, streams)`): random commands, options
 * and values against a small project. Every run ends with exit 0, 1 with one `Error:` line,
 * or 2 (usage); a failed run leaves the database and the migrations folder as they were.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index.js';
import { runCli, tempDir, writeRevs } from '../reliability/helpers.js';
import { SLOW_RUNS, TIMEOUT } from './support.js';

let dir: string;
let dbFile: string;
let url: string;

function folderState(): string {
  return readdirSync(dir)
    .sort()
    .map(
      (f) =>
        `${f}:${createHash('sha256')
          .update(readFileSync(join(dir, f)))
          .digest('hex')}`,
    )
    .join('\n');
}

function dbState(): string {
  try {
    return createHash('sha256').update(readFileSync(dbFile)).digest('hex');
  } catch {
    return 'missing';
  }
}

const COMMANDS = [
  'current',
  'heads',
  'branches',
  'log',
  'history',
  'show',
  'check',
  'stamp',
  'upgrade',
  'downgrade',
  'revision',
  'merge',
  'graph',
  'mkdir',
  'bogus',
];
const FLAGS = [
  '--sql',
  '--json',
  '-v',
  '--verbose',
  '--purge',
  '--resolve-dependencies',
  '--check-heads',
  '--empty',
  '--splice',
  '--debug',
  '-h',
  '--help',
  '-V',
  '--format',
  '--start',
  '--end',
  '--rev-id',
  '-m',
  '-l',
  '-b',
  '-p',
  '-d',
  '--path',
  '--branch',
  '--label',
  '--url',
  '--migrations',
  '--app',
  '--',
  '-',
];
const VALUES = [
  'head',
  'heads',
  'base',
  'f1',
  'f2',
  'f3',
  'f1:f3',
  'base:heads',
  '+1',
  '-1',
  '-9',
  '2',
  'f1@head',
  'x@y',
  ':',
  '',
  ' ',
  "'; DROP TABLE alembic_version; --",
  '../../etc',
  'é',
  'mermaid',
  'dot',
  'nope',
  '1e3',
  '\u0000',
];

const argv = fc
  .tuple(
    fc.constantFrom(...COMMANDS),
    fc.array(fc.oneof(fc.constantFrom(...FLAGS), fc.constantFrom(...VALUES), fc.string({ maxLength: 6 })), {
      maxLength: 5,
    }),
  )
  .map(([cmd, rest]) => [cmd, ...rest]);

describe('CLI fuzz (in-process)', () => {
  beforeAll(async () => {
    const root = tempDir('fuzz-cli-');
    dir = writeRevs(join(root, 'migrations'), [
      {
        rev: 'f1',
        down: null,
        up: "  await op.createTable('t_f1', [op.column('id', 'integer', { primaryKey: true })]);",
        downBody: "  await op.dropTable('t_f1');",
      },
      {
        rev: 'f2',
        down: 'f1',
        up: "  await op.createTable('t_f2', [op.column('id', 'integer', { primaryKey: true })]);",
        downBody: "  await op.dropTable('t_f2');",
      },
      { rev: 'f3', down: 'f2', up: "  throw new Error('f3 always fails');" },
    ]);
    dbFile = join(root, 'app.db');
    url = `sqlite:${dbFile}`;
    const r = await runCli(['upgrade', 'f2', '--url', url, '--migrations', dir]);
    expect(r.code, r.stderr).toBe(0);
  });
  afterAll(() => {
    process.exitCode = 0;
  });

  it(
    'random argv: a clean exit code and message; failures change nothing',
    async () => {
      await fc.assert(
        fc.asyncProperty(argv, async (args) => {
          const before = { folder: folderState(), db: dbState() };
          let out = '';
          let err = '';
          const streams = {
            stdout: { write: (t: string) => (out += t) },
            stderr: { write: (t: string) => (err += t) },
          };
          const full = [...args, '--url', url, '--migrations', dir];
          let timer: NodeJS.Timeout | undefined;
          const code = await Promise.race([
            main(full, streams),
            new Promise<never>((_, rej) => {
              timer = setTimeout(() => rej(new Error(`hung: ${JSON.stringify(full)}`)), 20_000);
            }),
          ]).finally(() => clearTimeout(timer));
          process.exitCode = 0;
          expect([0, 1, 2], `${JSON.stringify(full)}\n${err}`).toContain(code);
          if (code === 1) {
            // Errors are `Error: …` lines (a failed check prints its own line instead).
            const errors = err.split('\n').filter((l) => l.startsWith('Error:'));
            if (errors.length) expect(errors).toHaveLength(1);
            if (!full.includes('--debug')) expect(err).not.toMatch(/\n\s+at /); // no stack without --debug
          }
          if (code !== 0) {
            expect(folderState()).toBe(before.folder);
            // (an upgrade that fails in f3 rolls back: the SQLite file is byte-identical)
            expect(dbState(), JSON.stringify(full)).toBe(before.db);
          }
        }),
        { numRuns: SLOW_RUNS },
      );
    },
    TIMEOUT,
  );
});
