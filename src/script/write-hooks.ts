import { spawn } from 'node:child_process';
import { CommandError } from '../util/errors.js';

/** The token in `options` replaced by the new file's path (prepended when absent). */
export const REVISION_SCRIPT_TOKEN = 'REVISION_SCRIPT_FILENAME';

/**
 * One post-write hook, as Alembic's `[post_write_hooks]` entries.
 *
 * - `exec`: run `executable` with `options`.
 * - `npx`: run an npm package's bin, `executable` naming it (`prettier`, `biome`), through the
 *   project's `node_modules/.bin` (`npx --no-install`).
 * - `module`: run a Node module file (`module`) with `node`.
 * - `console_scripts`: Alembic's spelling of `npx` (`entrypoint` names the bin).
 * - any name registered with `registerWriteHook`.
 *
 * @example
 * { name: 'format', type: 'npx', executable: 'biome', options: 'format --write REVISION_SCRIPT_FILENAME' }
 */
export interface PostWriteHook {
  readonly name: string;
  readonly type?: string;
  readonly executable?: string;
  readonly module?: string;
  readonly entrypoint?: string;
  /** Arguments, split as a POSIX shell would (quotes, backslashes); no shell runs. */
  readonly options?: string;
  readonly cwd?: string;
  readonly [key: string]: unknown;
}

/** A hook implementation: receives the revision file's path and the hook's options. */
export type WriteHookFn = (path: string, hook: PostWriteHook) => Promise<void> | void;

/** Reports `Running post write hook 'x' ...` style status lines; the script layer never prints. */
export type StatusLogger = (line: string) => void;

const registry = new Map<string, WriteHookFn>();

/** Registers a custom hook type (Alembic's `write_hooks.register`). */
export function registerWriteHook(type: string, fn: WriteHookFn): void {
  registry.set(type, fn);
}

/**
 * Splits a command line into words as `shlex.split` does in POSIX mode.
 *
 * @example
 * shellSplit(`--write "a b" c\\ d`) // ['--write', 'a b', 'c d']
 */
export function shellSplit(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end === -1) throw new CommandError(`No closing quotation in post write hook options: ${text}`);
      word += text.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      i++;
      for (;;) {
        if (i >= text.length)
          throw new CommandError(`No closing quotation in post write hook options: ${text}`);
        const d = text[i];
        if (d === '"') break;
        if (d === '\\' && i + 1 < text.length && '\\"$`\n'.includes(text[i + 1])) {
          word += text[i + 1];
          i += 2;
        } else {
          word += d;
          i++;
        }
      }
      inWord = true;
      i++;
    } else if (c === '\\') {
      if (i + 1 < text.length) word += text[i + 1];
      inWord = true;
      i += 2;
    } else if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** `options` split into arguments with the file path substituted (prepended when no token). */
export function hookArguments(options: string | undefined, path: string): string[] {
  let text = options ?? '';
  if (!text.includes(REVISION_SCRIPT_TOKEN)) text = `${REVISION_SCRIPT_TOKEN} ${text}`;
  return shellSplit(text).map((arg) => arg.split(REVISION_SCRIPT_TOKEN).join(path));
}

function required(hook: PostWriteHook, key: string): string {
  const value = hook[key];
  if (typeof value !== 'string' || value === '') {
    throw new CommandError(`Key ${hook.name}.${key} is required for post write hook '${hook.name}'`);
  }
  return value;
}

function run(hook: PostWriteHook, command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    // Output is captured (the library never prints); its first line explains a failure.
    const child = spawn(command, args, { cwd: hook.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => {
      if (output.length < 65536) output += chunk.toString('utf8');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (err: NodeJS.ErrnoException) => {
      reject(
        new CommandError(
          err.code === 'ENOENT'
            ? `Could not run post write hook '${hook.name}': command '${command}' not found`
            : `Could not run post write hook '${hook.name}': ${err.message}`,
        ),
      );
    });
    child.on('close', (code, signal) => {
      if (code === 0) {
        resolve();
        return;
      }
      const first = output
        .split('\n')
        .find((line) => line.trim() !== '')
        ?.trim();
      const status = signal ? `signal ${signal}` : `exit status ${code}`;
      reject(
        new CommandError(`Post write hook '${hook.name}' failed (${status})${first ? `: ${first}` : ''}`),
      );
    });
  });
}

registerWriteHook('exec', (path, hook) =>
  run(hook, required(hook, 'executable'), hookArguments(hook.options, path)),
);
registerWriteHook('npx', (path, hook) =>
  run(hook, 'npx', ['--no-install', required(hook, 'executable'), ...hookArguments(hook.options, path)]),
);
registerWriteHook('console_scripts', (path, hook) =>
  run(hook, 'npx', ['--no-install', required(hook, 'entrypoint'), ...hookArguments(hook.options, path)]),
);
registerWriteHook('module', (path, hook) =>
  run(hook, process.execPath, [required(hook, 'module'), ...hookArguments(hook.options, path)]),
);

/**
 * Runs the hooks in order on a freshly written revision file, as Alembic's `_run_hooks`.
 * A hook that cannot start or exits non-zero raises a `CommandError` (the file stays written).
 */
export async function runWriteHooks(
  path: string,
  hooks: readonly PostWriteHook[],
  log: StatusLogger = () => {},
): Promise<void> {
  for (const hook of hooks) {
    const name = hook.name;
    if (!hook.type) {
      throw new CommandError(
        `Key '${name}.type' (or 'type' in toml) is required for post write hook '${name}'`,
      );
    }
    const fn = registry.get(hook.type);
    if (!fn) throw new CommandError(`No formatter with name '${hook.type}' registered`);
    log(`Running post write hook '${name}' ...`);
    await fn(path, hook);
    log('  done');
  }
}
