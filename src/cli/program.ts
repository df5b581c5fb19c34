import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import type { Retort } from '../app/index.js';
import { RetortError } from '../util/errors.js';
import { formatRevision, maskPasswords, type PrintableRevision, paint, useColor } from './format.js';

/** Where output goes (the process streams by default; tests pass their own). */
export interface CliStreams {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

/** Options of `createCommand`. */
export interface CreateCommandOptions {
  /** The Retort to work on, or a (possibly async) function returning it. Default: app discovery. */
  retort?: Retort | (() => Retort | Promise<Retort>);
  /** Command name. Default `'db'` (`'retort'` for the binary). */
  name?: string;
  /** Add the discovery options (`--app`, `--url`, `--migrations`) and `--debug`. Default: when no `retort`. */
  discovery?: boolean;
  /** Output streams. */
  streams?: CliStreams;
}

/** Exit code for a failed check (also for errors). */
export const EXIT_FAILURE = 1;
/** Exit code for bad usage. */
export const EXIT_USAGE = 2;

interface Io {
  out(text: string): void;
  err(text: string): void;
  color: boolean;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    return String(pkg.version);
  } catch {
    return '0.0.0';
  }
}

/** Report an error the way the CLI does: one `Error: …` line, the stack only with `--debug`. */
export function reportError(err: unknown, io: Pick<Io, 'err' | 'color'>, debug: boolean): void {
  const message = err instanceof Error ? err.message : String(err);
  io.err(`${paint(io.color, 'red', 'Error:')} ${maskPasswords(message)}\n`);
  if (debug && err instanceof Error && err.stack) io.err(`${maskPasswords(err.stack)}\n`);
  else if (!(err instanceof RetortError) && err instanceof Error && err.name !== 'Error') {
    // An unexpected error class: say what it was, still without a stack.
    io.err(`(${err.name}; run with --debug for the stack trace)\n`);
  }
}

/**
 * Build the `db` command set (SPEC §5). Heavy modules (database drivers, tsx, autogenerate)
 * load only inside the commands that need them.
 *
 * @example
 * ```ts
 * import { Command } from 'commander';
 * import { createCommand } from 'retort/cli';
 * const program = new Command('myapp');
 * program.addCommand(createCommand({ retort }));
 * await program.parseAsync();
 * ```
 */
export function createCommand(options: CreateCommandOptions = {}): Command {
  const streams = options.streams ?? { stdout: process.stdout, stderr: process.stderr };
  const io: Io = {
    out: (text) => void streams.stdout.write(text),
    err: (text) => void streams.stderr.write(text),
    color: useColor(streams.stderr),
  };
  const discovery = options.discovery ?? options.retort === undefined;
  const given = options.retort;
  const defaultName = given && typeof given === 'object' && given.commandName ? given.commandName : 'db';
  const program = new Command(options.name ?? defaultName);
  program.description('Perform database migrations.');
  program.configureOutput({
    writeOut: (text) => io.out(text),
    writeErr: (text) => io.err(text),
  });
  if (discovery) {
    program
      .option(
        '--app <path[:export]>',
        'App module exporting a Retort, an app, or a factory (env RETORT_APP).',
      )
      .option('--url <url>', 'Database URL when running without an app (env DATABASE_URL).')
      .option('--migrations <dir>', 'Migrations folder when running without an app.')
      .option('--debug', 'Show stack traces on errors.')
      .version(readVersion(), '-V, --version', 'Show the version and exit.');
  }
  program.helpOption('-h, --help', 'Show this message and exit.');
  program.addHelpCommand(false);
  program.configureHelp({ sortSubcommands: true });

  let cached: Promise<Retort> | null = null;
  const getRetort = (cmd: Command): Promise<Retort> => {
    cached ??= (async () => {
      const given = options.retort;
      let retort: Retort;
      if (given === undefined) {
        const g = cmd.optsWithGlobals();
        const { discoverRetort } = await import('./discover.js');
        retort = await discoverRetort({ app: g.app, url: g.url, migrations: g.migrations });
      } else {
        retort = typeof given === 'function' ? await given() : given;
      }
      retort.logger = (line: string) => io.err(`${maskPasswords(line)}\n`);
      return retort;
    })();
    return cached;
  };

  type Action = (
    retort: Retort,
    opts: Record<string, any>,
    args: any[],
    cmd: Command,
  ) => Promise<number | undefined>;
  const act =
    (fn: Action) =>
    async (...all: any[]): Promise<void> => {
      const cmd = all[all.length - 1] as Command;
      const args = all.slice(0, -2);
      const opts = cmd.opts();
      let retort: Retort | null = null;
      try {
        retort = await getRetort(cmd);
        const code = await fn(retort, opts, args, cmd);
        if (code) process.exitCode = code;
      } catch (err) {
        reportError(err, io, Boolean(cmd.optsWithGlobals().debug));
        process.exitCode = EXIT_FAILURE;
      } finally {
        // Only close what the CLI itself found; a Retort handed in belongs to the app.
        if (retort && options.retort === undefined) await retort.close().catch(() => {});
      }
    };

  const printList = (list: readonly PrintableRevision[], opts: Record<string, any>): void => {
    if (opts.json) {
      io.out(`${JSON.stringify(list, null, 2)}\n`);
      return;
    }
    // One write: thousands of small writes to a pipe cost more than formatting them.
    const verbose = Boolean(opts.verbose);
    const parts: string[] = [];
    for (const r of list) parts.push(formatRevision(r, verbose));
    io.out(parts.join(''));
  };

  program
    .command('mkdir')
    .description('Create the migration directory if it does not exist.')
    .action(
      act(async (retort) => {
        await retort.mkdir();
        return 0;
      }),
    );

  program
    .command('current')
    .description('Show the list of current revisions.')
    .option('--check-heads', 'Check if all head revisions are applied.')
    .option('-v, --verbose', 'Show the full revision details.')
    .option('--json', 'Print JSON.')
    .action(
      act(async (retort, opts) => {
        if (opts.checkHeads && (await retort.needsUpgrade())) {
          io.out('Database is not on all head revisions\n');
          return EXIT_FAILURE;
        }
        const all = await retort.currentByDatabase();
        const names = Object.keys(all);
        if (opts.json) {
          const out = Object.fromEntries(names.map((n) => [n, all[n]]));
          io.out(`${JSON.stringify(out, null, 2)}\n`);
          return 0;
        }
        for (const name of names) {
          if (names.length > 1) io.out(`${name}:\n`);
          for (const r of all[name]) io.out(formatRevision(r, Boolean(opts.verbose)));
        }
        return 0;
      }),
    );

  program
    .command('heads')
    .description('Show the list of revisions that have no child revisions.')
    .option('--resolve-dependencies', 'Treat dependencies as down revisions.')
    .option('-v, --verbose', 'Show the full revision details.')
    .option('--json', 'Print JSON.')
    .action(
      act(async (retort, opts) => {
        printList(await retort.heads(Boolean(opts.resolveDependencies)), opts);
        return 0;
      }),
    );

  program
    .command('branches')
    .description('Show the list of revisions that have more than one next revision.')
    .option('-v, --verbose', 'Show the full revision details.')
    .option('--json', 'Print JSON.')
    .action(
      act(async (retort, opts) => {
        const list = await retort.branches();
        if (opts.json) {
          printList(list, opts);
          return 0;
        }
        for (const r of list) {
          io.out(formatRevision(r, Boolean(opts.verbose)));
          for (const next of r.nextRevisions) {
            const [child] = await retort.show(next);
            io.out(`    -> ${formatRevision(child, false)}`);
          }
        }
        return 0;
      }),
    );

  program
    .command('log')
    .alias('history')
    .description('Show the list of revisions in the order they will run.')
    .option('--start <rev>', 'Show since this revision.', 'base')
    .option('--end <rev>', 'Show until this revision.', 'heads')
    .option('-v, --verbose', 'Show the full revision details.')
    .option('--json', 'Print JSON.')
    .action(
      act(async (retort, opts) => {
        printList(await retort.log(opts.start, opts.end), opts);
        return 0;
      }),
    );

  program
    .command('show')
    .description('Show the given revisions.')
    .argument('[revisions...]', 'Revisions to show.')
    .option('--json', 'Print JSON.')
    .action(
      act(async (retort, opts, [revisions]) => {
        const list: PrintableRevision[] = [];
        for (const rev of revisions as string[]) list.push(...(await retort.show(rev)));
        printList(list, { ...opts, verbose: true });
        return 0;
      }),
    );

  program
    .command('check')
    .description('Check if any changes between the database and models are detected.')
    .action(
      act(async (retort) => {
        if (await retort.needsRevision()) {
          io.out('Changes detected.\n');
          return EXIT_FAILURE;
        }
        io.out('No changes detected.\n');
        return 0;
      }),
    );

  const printSql = (result: { sql?: Record<string, string> }): void => {
    const sql = result.sql ?? {};
    const names = Object.keys(sql);
    for (const name of names) {
      if (names.length > 1) io.out(`-- database: ${name}\n`);
      io.out(sql[name].endsWith('\n') ? sql[name] : `${sql[name]}\n`);
    }
  };

  program
    .command('stamp')
    .description('Set the current revision without running migrations.')
    .argument('[target...]', 'Revision(s) to stamp (default heads).')
    .option('--purge', 'Delete all version rows before stamping.')
    .option('--sql', 'Print the SQL instead of running it (offline mode).')
    .action(
      act(async (retort, opts, [target]) => {
        const t = (target as string[]).length === 0 ? 'heads' : (target as string[]);
        const result = await retort.stamp(t.length === 1 ? t[0] : t, { purge: opts.purge, sql: opts.sql });
        if (opts.sql) printSql(result);
        return 0;
      }),
    );

  program
    .command('upgrade')
    .description('Run migrations to upgrade the database.')
    .argument('[target]', 'Revision to go up to.', 'heads')
    .option('--sql', 'Print the SQL instead of running it (offline mode).')
    .action(
      act(async (retort, opts, [target]) => {
        const result = await retort.upgrade(target, { sql: opts.sql });
        if (opts.sql) printSql(result);
        return 0;
      }),
    );

  program
    .command('downgrade')
    .description('Run migration to downgrade the database.')
    .argument('[target]', 'Revision to go down to; a bare integer counts down.', '-1')
    .option('--sql', 'Print the SQL instead of running it (offline mode).')
    .action(
      act(async (retort, opts, [target]) => {
        let t = target as string;
        // Negative numbers are awkward to type as arguments, so any integer counts down.
        if (/^[+-]?\d+$/.test(t)) t = String(-Math.abs(Number.parseInt(t, 10)));
        const result = await retort.downgrade(t, { sql: opts.sql });
        if (opts.sql) printSql(result);
        return 0;
      }),
    );

  program
    .command('revision')
    .description('Generate a new revision.')
    .argument('<message>', 'Description of the revision.')
    .option('--empty', 'Create empty script.')
    .option('-b, --branch <text>', 'Use this independent branch name.', 'default')
    .option('-p, --parent <text>', 'Parent revision(s) of this revision.', collect)
    .option('--splice', 'Allow non-head parent revision.')
    .option('-d, --depend <text>', 'Revision(s) this revision depends on.', collect)
    .option('-l, --label <text>', 'Label(s) to apply to the revision.', collect)
    .option('--path <text>', 'Where to store the revision.')
    .option('--rev-id <id>', 'Use this revision id instead of a generated one.')
    .action(
      act(async (retort, opts, [message]) => {
        const created = await retort.revision(message, {
          empty: opts.empty,
          branch: opts.branch,
          parent: opts.parent ?? 'head',
          splice: opts.splice,
          depend: opts.depend ?? null,
          label: opts.label ?? null,
          path: opts.path ?? null,
          revId: opts.revId,
        });
        for (const s of created) io.out(`Generating ${s.path} ...  ${paint(io.color, 'green', 'done')}\n`);
        return 0;
      }),
    );

  program
    .command('merge')
    .description('Generate a merge revision.')
    .argument('[revisions...]', 'Revisions to merge (default heads).')
    .option('-m, --message <text>', 'Description of the merge.')
    .option('-l, --label <text>', 'Label(s) to apply to the revision.', collect)
    .option('--rev-id <id>', 'Use this revision id instead of a generated one.')
    .action(
      act(async (retort, opts, [revisions]) => {
        const revs = (revisions as string[]).length > 0 ? (revisions as string[]) : 'heads';
        const created = await retort.merge(revs, {
          message: opts.message,
          label: opts.label,
          revId: opts.revId,
        });
        io.out(`Generating ${created.path} ...  ${paint(io.color, 'green', 'done')}\n`);
        return 0;
      }),
    );

  program
    .command('graph')
    .description('Draw the revision graph (heads, labels, merges and current revisions marked).')
    .addOption(
      new Option('--format <format>', 'Output format.').choices(['mermaid', 'dot']).default('mermaid'),
    )
    .option('--no-current', 'Do not connect to the database to mark current revisions.')
    .action(
      act(async (retort, opts) => {
        const { renderGraph } = await import('./graph.js');
        const list = await retort.log('base', 'heads');
        let current: string[] = [];
        if (opts.current && (retort.engineInputs.size > 0 || process.env.DATABASE_URL)) {
          const all = await retort.currentByDatabase();
          current = Object.values(all).flatMap((l) => l.map((r) => r.revision));
        }
        io.out(renderGraph(list, opts.format, current));
        return 0;
      }),
    );

  return program;
}

/**
 * Add the command set to an app's own commander program under `retort.commandName`
 * (default `db`); nothing is added when the name is empty, as Flask-Alembic's `command_name=''`.
 */
export function mountCommand(program: Command, retort: Retort, streams?: CliStreams): Command | null {
  if (!retort.commandName) return null;
  const cmd = createCommand({ retort, name: retort.commandName, streams });
  program.addCommand(cmd);
  return cmd;
}

/**
 * Run the `retort` binary with `argv` (without `node` and the script). Resolves to the exit
 * code: 0 success, 1 error or failed check, 2 bad usage.
 */
export async function main(argv: readonly string[], streams?: CliStreams): Promise<number> {
  const program = createCommand({ name: 'retort', discovery: true, streams });
  program.exitOverride();
  for (const sub of program.commands) sub.exitOverride();
  process.exitCode = 0;
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (err: any) {
    if (err && typeof err.code === 'string' && err.code.startsWith('commander.')) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') {
        return 0;
      }
      return EXIT_USAGE;
    }
    const s = streams ?? { stdout: process.stdout, stderr: process.stderr };
    reportError(
      err,
      { err: (t) => void s.stderr.write(t), color: useColor(s.stderr) },
      argv.includes('--debug'),
    );
    return EXIT_FAILURE;
  }
  return Number(process.exitCode ?? 0);
}
