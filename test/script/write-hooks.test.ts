import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  hookArguments,
  registerWriteHook,
  runWriteHooks,
  ScriptDirectory,
  shellSplit,
} from '../../src/script/index.js';
import { commandError, tempDir } from './helpers.js';

const appendScript = `require('node:fs').appendFileSync(process.argv[1], '// hooked ' + process.argv[2] + '\\n')`;

describe('shellSplit / hookArguments', () => {
  it('splits as shlex does', () => {
    expect(shellSplit(`--write "a b" c\\ d 'e "f"' "g\\"h" ''`)).toEqual([
      '--write',
      'a b',
      'c d',
      'e "f"',
      'g"h',
      '',
    ]);
    expect(() => shellSplit('"open')).toThrow(
      commandError('No closing quotation in post write hook options: "open'),
    );
  });
  it('substitutes REVISION_SCRIPT_FILENAME, prepending it when absent', () => {
    expect(hookArguments('--write', '/x/a b.ts')).toEqual(['/x/a b.ts', '--write']);
    expect(hookArguments('format --write REVISION_SCRIPT_FILENAME', '/x/a.ts')).toEqual([
      'format',
      '--write',
      '/x/a.ts',
    ]);
    expect(hookArguments(undefined, '/x/a.ts')).toEqual(['/x/a.ts']);
  });
});

describe('runWriteHooks', () => {
  it('runs exec hooks in order with cwd and reports status', async () => {
    const dir = tempDir();
    const file = join(dir, 'r.ts');
    writeFileSync(file, '// start\n');
    const lines: string[] = [];
    await runWriteHooks(
      file,
      [
        {
          name: 'one',
          type: 'exec',
          executable: process.execPath,
          options: `-e "${appendScript}" REVISION_SCRIPT_FILENAME 1`,
        },
        {
          name: 'two',
          type: 'exec',
          executable: process.execPath,
          options: `-e "${appendScript}" REVISION_SCRIPT_FILENAME 2`,
          cwd: dir,
        },
      ],
      (line) => lines.push(line),
    );
    expect(readFileSync(file, 'utf8')).toBe('// start\n// hooked 1\n// hooked 2\n');
    expect(lines).toEqual([
      "Running post write hook 'one' ...",
      '  done',
      "Running post write hook 'two' ...",
      '  done',
    ]);
  });

  it("Alembic's configuration errors", async () => {
    await expect(runWriteHooks('/x.ts', [{ name: 'fmt' }])).rejects.toThrow(
      commandError("Key 'fmt.type' (or 'type' in toml) is required for post write hook 'fmt'"),
    );
    await expect(runWriteHooks('/x.ts', [{ name: 'fmt', type: 'black' }])).rejects.toThrow(
      commandError("No formatter with name 'black' registered"),
    );
    await expect(runWriteHooks('/x.ts', [{ name: 'fmt', type: 'exec' }])).rejects.toThrow(
      commandError("Key fmt.executable is required for post write hook 'fmt'"),
    );
  });

  it('reports a command that cannot start or fails', async () => {
    await expect(
      runWriteHooks('/x.ts', [{ name: 'fmt', type: 'exec', executable: 'no-such-command-retort' }]),
    ).rejects.toThrow(
      commandError("Could not run post write hook 'fmt': command 'no-such-command-retort' not found"),
    );
    await expect(
      runWriteHooks('/x.ts', [
        {
          name: 'fmt',
          type: 'exec',
          executable: process.execPath,
          options: `-e "console.error('bad file'); process.exit(3)" REVISION_SCRIPT_FILENAME`,
        },
      ]),
    ).rejects.toThrow(commandError("Post write hook 'fmt' failed (exit status 3): bad file"));
  });

  it('runs custom hook types', async () => {
    const seen: string[] = [];
    registerWriteHook('test-record', (path, hook) => {
      seen.push(`${hook.name}:${path}`);
    });
    await runWriteHooks('/x.ts', [{ name: 'rec', type: 'test-record' }]);
    expect(seen).toEqual(['rec:/x.ts']);
  });

  it('npx runs a package bin (biome format) on a generated revision', async () => {
    const dir = tempDir();
    // A config of its own: the project's biome.json ignores temporary folders.
    writeFileSync(join(dir, 'biome.json'), '{"formatter":{"indentStyle":"tab"}}');
    const script = new ScriptDirectory({
      scriptLocation: dir,
      postWriteHooks: [
        {
          name: 'format',
          type: 'npx',
          executable: 'biome',
          options: `format --write --config-path=${dir} REVISION_SCRIPT_FILENAME`,
          cwd: process.cwd(),
        },
      ],
    });
    const rev = await script.generateRevision('h1', 'hooked', {
      upgrades: 'await   op.execute(  "select 1"  )',
    });
    const text = readFileSync(rev.path, 'utf8');
    expect(text).toContain('\tawait op.execute("select 1");');
    expect(script.getRevision('h1')!.doc).toBe('hooked');
  }, 30_000);
});
