import { readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EACH_DATABASES, readRevisionHeader, ScriptDirectory } from '../../src/script/index.js';
import { CommandError } from '../../src/util/errors.js';
import { commandError, retortError, tempDir, writeRevision } from './helpers.js';

const ids = (scripts: readonly { revision: string }[]) => scripts.map((s) => s.revision);

describe('ScriptDirectory loading', () => {
  it('loads revision files only, names sorted, and breaks head ties by that order', () => {
    const dir = tempDir();
    writeRevision(dir, 'b_second.ts', { rev: 'zz' });
    writeRevision(dir, 'a_first.mts', { rev: 'yy' });
    writeRevision(dir, 'c.js', { rev: 'xx' });
    writeRevision(dir, 'd.mjs', { rev: 'ww' });
    writeRevision(dir, 'types.d.ts', { rev: 'no1' });
    writeRevision(dir, '.hidden.ts', { rev: 'no2' });
    writeRevision(dir, '.#emacs-lock.ts', { rev: 'no3' });
    writeRevision(dir, 'notes.md', { rev: 'no4' });
    writeRevision(dir, 'script.ts.tmpl', { rev: 'no5' });
    writeFileSync(join(dir, 'helpers.ts'), 'export function helper() { return 1; }\n');
    const script = new ScriptDirectory({ scriptLocation: dir });
    expect(ids(script.scripts)).toEqual(['yy', 'zz', 'xx', 'ww']);
    expect(script.getHeads()).toEqual(['yy', 'zz', 'xx', 'ww']);
    expect(script.getBases()).toEqual(['yy', 'zz', 'xx', 'ww']);
  });

  it('is memoised and reloads on request', () => {
    const dir = tempDir();
    writeRevision(dir, 'a.ts', { rev: 'a' });
    const script = new ScriptDirectory({ scriptLocation: dir });
    expect(script.revisionMap).toBe(script.revisionMap);
    writeRevision(dir, 'b.ts', { rev: 'b', down: 'a' });
    expect(script.getHeads()).toEqual(['a']);
    script.reload();
    expect(script.getHeads()).toEqual(['b']);
  });

  it('loads version locations after the script location, in configured order', () => {
    const root = tempDir();
    writeRevision(join(root, 'migrations'), 'z.ts', { rev: 'm1' });
    writeRevision(join(root, 'users'), 'a.ts', { rev: 'u1', labels: ['users'] });
    writeRevision(join(root, 'extra'), 'a.ts', { rev: 'e1' });
    const script = new ScriptDirectory({
      root,
      scriptLocation: 'migrations',
      versionLocations: [['users', 'users'], 'extra', 'missing'],
    });
    expect(ids(script.scripts)).toEqual(['m1', 'u1', 'e1']);
    expect(script.branchVersionLocation('users')).toBe(join(root, 'users'));
    expect(script.versionLocations).toEqual(
      ['migrations', 'users', 'extra', 'missing'].map((d) => join(root, d)),
    );
  });

  it('walks sub-folders only when recursive, files before sorted sub-folders', () => {
    const dir = tempDir();
    writeRevision(dir, 'b.ts', { rev: 'r1' });
    writeRevision(dir, '2024/a.ts', { rev: 'r3' });
    writeRevision(dir, '2023/z.ts', { rev: 'r2' });
    writeRevision(dir, '2023/deeper/a.ts', { rev: 'r2b' });
    writeRevision(dir, 'node_modules/x.ts', { rev: 'nope' });
    expect(ids(new ScriptDirectory({ scriptLocation: dir }).scripts)).toEqual(['r1']);
    expect(
      ids(new ScriptDirectory({ scriptLocation: dir, recursiveVersionLocations: true }).scripts),
    ).toEqual(['r1', 'r2', 'r2b', 'r3']);
  });

  it('imports a module whose constants are not literals', () => {
    const dir = tempDir();
    writeRevision(dir, 'a.ts', { rev: 'abc' });
    writeFileSync(
      join(dir, 'b.ts'),
      `/** computed */\nconst prefix = 'de';\nexport const revision: string = prefix + 'f';\nexport const downRevision = ['ab', 'c'].join('');\nexport async function upgrade() {}\nexport async function downgrade() {}\n`,
    );
    const script = new ScriptDirectory({ scriptLocation: dir });
    const b = script.getRevision('def')!;
    expect(b.downRevisions).toEqual(['abc']);
    expect(b.doc).toBe('computed');
    expect(script.getHeads()).toEqual(['def']);
  });

  it('imports a plain .js ESM module whose constants are not literals', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'a.js'),
      "export const revision = ['j', 's'].join('');\nexport async function upgrade() {}\nexport async function downgrade() {}\n",
    );
    expect(new ScriptDirectory({ scriptLocation: dir }).getHeads()).toEqual(['js']);
  });

  it('reads files larger than the read buffer', () => {
    const dir = tempDir();
    writeRevision(dir, 'a.ts', { rev: 'a', message: `big ${'x'.repeat(200_000)}` });
    writeRevision(dir, 'b.ts', { rev: 'b', down: 'a' });
    const script = new ScriptDirectory({ scriptLocation: dir });
    expect(script.getHeads()).toEqual(['b']);
    expect(script.getRevision('a')!.doc.length).toBe(200_004);
  });

  it('reads template-shaped files with long bodies like any other', async () => {
    const dir = tempDir();
    const script = new ScriptDirectory({ scriptLocation: dir });
    const body = "await op.execute('select 1');\n".repeat(500);
    await script.generateRevision('big1', 'long body', { upgrades: body, branchLabels: 'x' });
    await script.generateRevision('big2', 'é'.repeat(3000), { upgrades: body, dependsOn: 'x' });
    const fresh = new ScriptDirectory({ scriptLocation: dir });
    expect(fresh.getHeads()).toEqual(['big2']);
    const [a, b] = fresh.scripts;
    expect([a.doc, [...a.declaredBranchLabels]]).toEqual(['long body', ['x']]);
    expect([b.doc, b.downRevisions, b.dependsOn]).toEqual(['é'.repeat(3000), ['big1'], ['x']]);
  });

  it('survives a symbolic link loop in recursive mode', () => {
    const dir = tempDir();
    writeRevision(dir, 'sub/a.ts', { rev: 'a' });
    symlinkSync(dir, join(dir, 'sub', 'loop'));
    expect(
      ids(new ScriptDirectory({ scriptLocation: dir, recursiveVersionLocations: true }).scripts),
    ).toEqual(['a']);
  });

  it('complains about a file with upgrade() but no revision', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.ts'), 'export async function upgrade() {}\n');
    const script = new ScriptDirectory({ scriptLocation: dir });
    expect(() => script.getHeads()).toThrow(/Could not determine revision id from file .*a\.ts/);
  });

  it('names the file of a broken header', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.ts'), "/** doc */\nexport const revision = 'a\n");
    expect(() => new ScriptDirectory({ scriptLocation: dir }).getHeads()).toThrow(
      /a\.ts: unterminated string/,
    );
  });

  it('refuses a missing script location', () => {
    const dir = join(tempDir(), 'nope');
    expect(() => new ScriptDirectory({ scriptLocation: dir }).getHeads()).toThrow(
      commandError(
        `Path doesn't exist: ${dir}.  Please use the 'mkdir' command to create a new scripts folder.`,
      ),
    );
  });

  it('rewords graph errors as Alembic commands do', () => {
    const dir = tempDir();
    writeRevision(dir, 'a.ts', { rev: 'a' });
    writeRevision(dir, 'b.ts', { rev: 'b', down: 'a' });
    writeRevision(dir, 'c.ts', { rev: 'c', down: 'a' });
    const script = new ScriptDirectory({ scriptLocation: dir });
    expect(() => script.upgradeRevs('nosuchrev', [])).toThrow(
      commandError("Can't locate revision identified by 'nosuchrev'"),
    );
    expect(() => script.downgradeRevs('nosuchrev', ['b'])).toThrow(
      commandError("Can't locate revision identified by 'nosuchrev'"),
    );
    expect(() => script.getRevision('head')).toThrow(CommandError);
    expect(() => script.getCurrentHead()).toThrow(/multiple heads/);
    const steps = script.upgradeRevs('heads', []).map(String);
    expect(steps[0]).toBe('upgrade  -> a, rev a');
    expect([...steps].sort()).toEqual([
      'upgrade  -> a, rev a',
      'upgrade a -> b, rev b',
      'upgrade a -> c, rev c',
    ]);
    expect(script.downgradeRevs('base', ['b']).map(String)).toEqual([
      'downgrade b -> a, rev b',
      'downgrade a -> , rev a',
    ]);
    expect(script.stampRevs('b', []).length).toBe(1);
    expect(ids(script.walkRevisions())).toEqual(['b', 'c', 'a']);
  });

  it('reports duplicate revision ids', () => {
    const dir = tempDir();
    writeRevision(dir, 'a.ts', { rev: 'a' });
    writeRevision(dir, 'b.ts', { rev: 'a' });
    expect(() => new ScriptDirectory({ scriptLocation: dir }).getHeads()).toThrow(
      /Revision a is present more than once/,
    );
  });
});

describe('ScriptDirectory.generateRevision', () => {
  const now = new Date(Date.UTC(2026, 10, 24, 0, 0, 0));

  it('writes the SPEC file shape and adds it to the map', async () => {
    const dir = tempDir();
    const script = new ScriptDirectory({ scriptLocation: dir, timezone: 'UTC' });
    const a = await script.generateRevision('1763856000', 'init', {
      now,
      head: 'base',
      branchLabels: 'default',
    });
    const b = await script.generateRevision('1763942400', 'add todo table', { now });
    expect(b.path).toBe(join(dir, '1763942400_add_todo_table.ts'));
    expect(readFileSync(b.path, 'utf8')).toBe(`/**
 * add todo table
 *
 * Revision ID: 1763942400
 * Revises: 1763856000
 * Create Date: 2026-11-24 00:00:00.000000+00:00
 */
import type { Operations } from 'retort';

export const revision = '1763942400';
export const downRevision: string | readonly string[] | null = '1763856000';
export const branchLabels: readonly string[] = [];
export const dependsOn: readonly string[] = [];

export async function upgrade(op: Operations): Promise<void> {
  // No operations.
}

export async function downgrade(op: Operations): Promise<void> {
  // No operations.
}
`);
    expect(readFileSync(a.path, 'utf8')).toContain(
      "export const branchLabels: readonly string[] = ['default'];",
    );
    expect(script.getHeads()).toEqual(['1763942400']);
    expect([...b.branchLabels]).toEqual(['default']);
    const fresh = new ScriptDirectory({ scriptLocation: dir });
    expect(fresh.getHeads()).toEqual(['1763942400']);
    expect(fresh.getRevision('1763942400')!.longDoc).toBe(b.longDoc);
  });

  it('renders bodies and imports, and the message safely', async () => {
    const dir = tempDir();
    const script = new ScriptDirectory({ scriptLocation: dir });
    const rev = await script.generateRevision('r1', 'two\nlines */ tricky', {
      upgrades: "await op.createTable('t', [\n  op.column('id', 'integer'),\n]);",
      downgrades: "await op.dropTable('t');",
      imports: ["import { sql } from 'kysely';"],
    });
    const text = readFileSync(rev.path, 'utf8');
    expect(text).toContain(' * two\n * lines *\\/ tricky\n *\n * Revision ID: r1\n * Revises: \n');
    expect(text).toContain(
      "import type { Operations } from 'retort';\nimport { sql } from 'kysely';\n\nexport const",
    );
    expect(text).toContain("  await op.createTable('t', [\n    op.column('id', 'integer'),\n  ]);\n}");
    expect(text).toContain("  await op.dropTable('t');\n}");
    expect(rev.path).toBe(join(dir, 'r1_two_lines_tricky.ts'));
    expect(readRevisionHeader(text, rev.path).doc).toBe('two\nlines *\\/ tricky');
  });

  it('follows the file template, truncation and sub-folders', async () => {
    const dir = tempDir();
    const script = new ScriptDirectory({
      scriptLocation: dir,
      fileTemplate: '%(year)d/%(month).2d/%(rev)s_%(slug)s',
      truncateSlugLength: 10,
      timezone: 'Europe/Berlin',
      recursiveVersionLocations: true,
    });
    const rev = await script.generateRevision('r1', 'a somewhat long message', { now });
    expect(rev.path).toBe(join(dir, '2026/11/r1_a_.ts'));
    expect(readFileSync(rev.path, 'utf8')).toContain('Create Date: 2026-11-24 01:00:00.000000+01:00');
    expect(
      ids(new ScriptDirectory({ scriptLocation: dir, recursiveVersionLocations: true }).scripts),
    ).toEqual(['r1']);
  });

  it("errors as Alembic's generate_revision", async () => {
    const dir = tempDir();
    const script = new ScriptDirectory({ scriptLocation: dir });
    await script.generateRevision('a', 'a');
    await script.generateRevision('b', 'b');
    await expect(script.generateRevision('c', 'c', { head: 'a' })).rejects.toThrow(
      commandError(
        'Revision a is not a head revision; please specify --splice to create a new branch from this revision',
      ),
    );
    await script.generateRevision('c', 'c', { head: 'a', splice: true });
    await expect(script.generateRevision('d', 'd')).rejects.toThrow(
      commandError(
        'Multiple heads are present; please specify the head revision on which the new revision should be based, or perform a merge.',
      ),
    );
    await expect(script.generateRevision('d', 'd', { head: ['b', 'b'] })).rejects.toThrow(
      commandError('Duplicate head revisions specified'),
    );
    await expect(script.generateRevision('d-1', 'd')).rejects.toThrow(
      commandError("Character(s) '-' not allowed in revision identifier 'd-1'"),
    );
    await expect(script.generateRevision('b', 'again', { head: 'c' })).rejects.toThrow(
      /Revision b already exists/,
    );
    await expect(script.generateRevision('d', 'd', { head: 'nope' })).rejects.toThrow(
      commandError("Can't locate revision identified by 'nope'"),
    );
    const merge = await script.generateRevision('m', 'merge', { head: 'heads' });
    expect(merge.downRevisions).toEqual(['b', 'c']);
    expect(readFileSync(merge.path, 'utf8')).toContain(
      "export const downRevision: string | readonly string[] | null = ['b', 'c'];",
    );
    expect(script.getHeads()).toEqual(['m']);
    await expect(
      new ScriptDirectory({ scriptLocation: dir, timezone: 'Mars/Base' }).generateRevision('z', 'z', {
        head: 'm',
      }),
    ).rejects.toThrow(commandError("Can't locate timezone: Mars/Base"));
  });

  it('labels, new roots and dependsOn resolution', async () => {
    const dir = tempDir();
    const script = new ScriptDirectory({ scriptLocation: dir });
    await script.generateRevision('1000', 'a', { branchLabels: ['default'] });
    await script.generateRevision('2000', 'b', { head: 'base', branchLabels: ['users'] });
    await expect(
      script.generateRevision('3000', 'c', { head: 'base', branchLabels: ['users'] }),
    ).rejects.toThrow(commandError("Branch name 'users' in revision 3000 already used by revision 2000"));
    const c = await script.generateRevision('3000', 'c', {
      head: 'default@head',
      dependsOn: ['20', 'users'],
    });
    expect(c.dependsOn).toEqual(['2000', 'users']);
    expect(readFileSync(c.path, 'utf8')).toContain(
      "export const dependsOn: readonly string[] = ['2000', 'users'];",
    );
    expect(script.getRevision('3000')!.cmdFormat({ includeParents: true })).toBe(
      '1000 (2000, users) -> 3000 (head)',
    );
    await expect(script.generateRevision('4000', 'd', { head: '3000', dependsOn: 'zzz' })).rejects.toThrow(
      commandError("Can't locate revision identified by 'zzz'"),
    );
  });

  it('chooses the version path as Alembic does', async () => {
    const root = tempDir();
    const script = new ScriptDirectory({
      root,
      scriptLocation: 'migrations',
      versionLocations: [['users', 'users']],
    });
    await script.mkdir();
    await expect(script.generateRevision('1', 'a', { head: 'base' })).rejects.toThrow(
      commandError('Multiple version locations present, please specify --version-path'),
    );
    await expect(script.generateRevision('1', 'a', { versionPath: 'elsewhere' })).rejects.toThrow(
      commandError('Path elsewhere is not represented in current version locations'),
    );
    const u = await script.generateRevision('1', 'a', {
      head: 'base',
      versionPath: script.branchVersionLocation('users'),
    });
    expect(u.path).toBe(join(root, 'users', '1_a.ts'));
    const next = await script.generateRevision('2', 'b');
    expect(next.path).toBe(join(root, 'users', '2_b.ts'));
    const m = await script.generateRevision('3', 'c', {
      head: 'base',
      versionPath: join(root, 'migrations'),
    });
    expect(m.path).toBe(join(root, 'migrations', '3_c.ts'));
  });

  it('writes atomically and never clobbers an existing file', async () => {
    const dir = tempDir();
    const script = new ScriptDirectory({ scriptLocation: dir, fileTemplate: '%(slug)s' });
    const first = await script.generateRevision('1', 'same');
    const before = readFileSync(first.path, 'utf8');
    await expect(script.generateRevision('2', 'same')).rejects.toThrow(/already exists/);
    expect(readFileSync(first.path, 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual(['same.ts']);
    expect(script.getHeads()).toEqual(['1']);
  });

  it('gives distinct ids to revisions made in the same second', async () => {
    const dir = tempDir();
    const script = new ScriptDirectory({ scriptLocation: dir });
    const at = new Date(Date.UTC(2050, 0, 1));
    const made = [];
    for (let i = 0; i < 3; i++)
      made.push(await script.generateRevision(script.revId(at), `m${i}`, { now: at }));
    expect(new Set(made.map((s) => s.revision)).size).toBe(3);
    // Another process that starts fresh still avoids the folder's ids.
    const other = new ScriptDirectory({ scriptLocation: dir });
    expect(made.map((s) => s.revision)).not.toContain(other.revId(at));
  });
});

describe('Script.load', () => {
  const body = (rev: string) =>
    `export const revision = '${rev}';\nexport async function upgrade(op, db) { op.push('up ${rev} ' + db); }\nexport async function downgrade(op, db) { op.push('down ${rev} ' + db); }\n`;

  it.each(['ts', 'mts', 'js', 'mjs'])('imports a .%s revision', async (ext) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    writeFileSync(join(dir, `a.${ext}`), body(`r${ext}`));
    const script = new ScriptDirectory({ scriptLocation: dir }).getRevision(`r${ext}`)!;
    const mod = await script.load();
    expect(await script.load()).toBe(mod);
    const calls: string[] = [];
    await mod.upgrade(calls, 'default');
    await mod.downgrade(calls, 'auth');
    expect(calls).toEqual([`up r${ext} default`, `down r${ext} auth`]);
  });

  it.each([false, true])(
    'lets a TypeScript revision import a local TypeScript helper (ESM package: %s)',
    async (esm) => {
      const dir = tempDir();
      if (esm) writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
      writeFileSync(
        join(dir, 'helpers.ts'),
        "export const greet = (name: string): string => 'hi ' + name;\n",
      );
      writeFileSync(
        join(dir, 'a.ts'),
        "import { greet } from './helpers.js';\nexport const revision = 'h';\nexport async function upgrade(op: string[]) { op.push(greet('up')); }\nexport async function downgrade() {}\n",
      );
      const script = new ScriptDirectory({ scriptLocation: dir });
      expect(script.getHeads()).toEqual(['h']);
      const calls: string[] = [];
      await (await script.getRevision('h')!.load()).upgrade(calls, 'default');
      expect(calls).toEqual(['hi up']);
    },
  );

  it('imports a generated TypeScript revision', async () => {
    const dir = tempDir();
    const script = new ScriptDirectory({ scriptLocation: dir });
    const rev = await script.generateRevision('g1', 'generated', { upgrades: "(op as any).push('ran');" });
    const calls: string[] = [];
    await (await rev.load()).upgrade(calls, 'default');
    expect(calls).toEqual(['ran']);
  });

  it('rejects a module without downgrade', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.mjs'), "export const revision = 'x';\nexport async function upgrade() {}\n");
    const script = new ScriptDirectory({ scriptLocation: dir }).getRevision('x')!;
    await expect(script.load()).rejects.toThrow(
      retortError(`Revision file ${join(dir, 'a.mjs')} does not export an downgrade() function`),
    );
  });

  it('names the file when the module fails to load', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'a.ts'),
      "export const revision = 'x';\nexport async function upgrade() { this is not typescript }\n",
    );
    const script = new ScriptDirectory({ scriptLocation: dir }).getRevision('x')!;
    await expect(script.load()).rejects.toThrow(/Can't load revision file .*a\.ts/);
  });
});

describe('ScriptDirectory.mkdir', () => {
  it('creates the folder and copies the single-database template once', async () => {
    const dir = join(tempDir(), 'migrations');
    const script = new ScriptDirectory({ scriptLocation: dir });
    await script.mkdir();
    const tmpl = join(dir, 'script.ts.tmpl');
    expect(readFileSync(tmpl, 'utf8')).toContain(
      'export async function upgrade(op: Operations): Promise<void>',
    );
    writeFileSync(tmpl, `${readFileSync(tmpl, 'utf8')}\n// customised\n`);
    await script.mkdir({ databases: ['a', 'b'] });
    expect(readFileSync(tmpl, 'utf8')).toContain('// customised');
    const rev = await script.generateRevision('1', 'x');
    expect(readFileSync(rev.path, 'utf8')).toContain('// customised');
    expect(script.getHeads()).toEqual(['1']);
  });

  it('refuses a script location that is a file', async () => {
    const file = join(tempDir(), 'migrations');
    writeFileSync(file, '');
    await expect(new ScriptDirectory({ scriptLocation: file }).mkdir()).rejects.toThrow(
      commandError(`${file} exists and is not a directory`),
    );
  });

  it('uses an explicit templatePath', async () => {
    const root = tempDir();
    writeFileSync(
      join(root, 'my.tmpl'),
      '/** %{message} */\nexport const revision = %{revisionLiteral};\nexport const downRevision = %{downRevisionLiteral};\nexport async function upgrade() {}\n'.replaceAll(
        '%{',
        '$' + '{',
      ),
    );
    const script = new ScriptDirectory({ root, scriptLocation: 'm', templatePath: 'my.tmpl' });
    await script.mkdir();
    await script.generateRevision('a', 'custom');
    const b = await script.generateRevision('b', 'second');
    expect(readFileSync(b.path, 'utf8')).toBe(
      "/** second */\nexport const revision = 'b';\nexport const downRevision = 'a';\nexport async function upgrade() {}\n",
    );
    expect(new ScriptDirectory({ root, scriptLocation: 'm' }).getHeads()).toEqual(['b']);
    await expect(script.generateRevision('c', 'labelled', { branchLabels: 'lab' })).rejects.toThrow(
      commandError(
        `Version c specified branch_labels lab, however the migration file ${join(root, 'm', 'c_labelled.ts')} does not have them; have you upgraded your script.ts.tmpl to include the 'branchLabels' section?`,
      ),
    );
    await expect(
      new ScriptDirectory({ root, scriptLocation: 'm', templatePath: 'missing.tmpl' }).generateRevision(
        'd',
        'd',
      ),
    ).rejects.toThrow(commandError(`Template ${join(root, 'missing.tmpl')} does not exist`));
  });

  it('multi-database: one function per database, dispatched on the name', async () => {
    const dir = join(tempDir(), 'migrations');
    const script = new ScriptDirectory({ scriptLocation: dir, databases: ['default', 'auth-db'] });
    await script.mkdir();
    expect(readFileSync(join(dir, 'script.ts.tmpl'), 'utf8')).toContain(EACH_DATABASES);
    const rev = await script.generateRevision('1', 'multi', {
      upgrades: { default: "(op as any).push('up default');", 'auth-db': "(op as any).push('up auth');" },
      downgrades: { 'auth-db': "(op as any).push('down auth');" },
    });
    const text = readFileSync(rev.path, 'utf8');
    expect(text).toContain('async function upgradeDefault(op: Operations): Promise<void> {');
    expect(text).toContain('async function upgradeAuthDb(op: Operations): Promise<void> {');
    expect(text).toContain("  'auth-db': upgradeAuthDb,");
    expect(text).toContain(
      'async function downgradeDefault(op: Operations): Promise<void> {\n  // No operations.\n}',
    );
    const mod = await rev.load();
    const calls: string[] = [];
    await mod.upgrade(calls, 'default');
    await mod.upgrade(calls, 'auth-db');
    await mod.downgrade(calls, 'auth-db');
    await mod.downgrade(calls, 'default');
    await mod.upgrade(calls, 'unknown');
    expect(calls).toEqual(['up default', 'up auth', 'down auth']);
  });
});
