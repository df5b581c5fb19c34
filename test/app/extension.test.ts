import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createCommand, mountCommand } from '../../src/cli/index.js';
import { Retort } from '../../src/index.js';
import { makeProject, makeRetort, type TestProject } from './support.js';

// Port of Flask-Alembic tests/test_extension.py.
describe('extension', () => {
  let project: TestProject;
  const retorts: Retort[] = [];
  afterEach(async () => {
    for (const r of retorts.splice(0)) await r.close();
    project?.cleanup();
  });

  it('has the default config', async () => {
    project = makeProject({ migrations: false });
    const app = express();
    const retort = makeRetort(project);
    retorts.push(retort);
    await retort.initApp(app);
    expect(app.locals.retort).toBe(retort);
    expect(Retort.fromApp(app)).toBe(retort);
    expect(retort.config.options).toEqual({ scriptLocation: 'migrations', versionLocations: [] });
    expect(retort.config.scriptLocation).toBe(join(project.root, 'migrations'));
    expect(retort.contextOptions).toEqual({ compareType: true, compareServerDefault: true });
  });

  it('runs mkdir on initApp', async () => {
    project = makeProject({ migrations: false });
    const retort = makeRetort(project);
    retorts.push(retort);
    await retort.initApp({});
    expect(statSync(join(project.root, 'migrations')).isDirectory()).toBe(true);
    expect(existsSync(join(project.root, 'migrations', 'script.ts.tmpl'))).toBe(true);
  });

  it('does not run mkdir when runMkdir is false', async () => {
    project = makeProject({ migrations: false });
    const retort = makeRetort(project, { runMkdir: false });
    retorts.push(retort);
    await retort.initApp({});
    expect(existsSync(join(project.root, 'migrations'))).toBe(false);
  });

  it('mounts the db command', async () => {
    project = makeProject();
    const retort = makeRetort(project);
    retorts.push(retort);
    const out: string[] = [];
    const program = new Command('app').exitOverride();
    mountCommand(program, retort, {
      stdout: { write: (t: string) => out.push(t) },
      stderr: { write: () => {} },
    });
    const db = program.commands.find((c) => c.name() === 'db')!;
    db.exitOverride();
    await expect(program.parseAsync(['db', '--help'], { from: 'user' })).rejects.toMatchObject({
      code: 'commander.helpDisplayed',
    });
    expect(out.join('')).toContain('Perform database migrations.');
  });

  it('does not mount a command when commandName is empty', async () => {
    project = makeProject();
    const retort = makeRetort(project, { commandName: '' });
    retorts.push(retort);
    const program = new Command('app').exitOverride().configureOutput({ writeErr: () => {} });
    mountCommand(program, retort);
    expect(program.commands.map((c) => c.name())).toEqual([]);
    // Like click's exit code 2: `db` is not a command of this program.
    await expect(program.parseAsync(['db', 'heads'], { from: 'user' })).rejects.toMatchObject({
      code: expect.stringMatching(/^commander\./),
    });
  });

  it('keeps two apps with different configs apart in one process', async () => {
    project = makeProject();
    const a = makeRetort(project, { config: { scriptLocation: 'migrations' } });
    const b = makeRetort(project, {
      config: { scriptLocation: 'other' },
      engines: `sqlite:${project.root}/b.sqlite`,
    });
    retorts.push(a, b);
    const appA = express();
    const appB = express();
    await a.initApp(appA);
    await b.initApp(appB);
    expect(Retort.fromApp(appA)).toBe(a);
    expect(Retort.fromApp(appB)).toBe(b);
    expect((await a.heads()).map((r) => r.revision)).toEqual(['1001']);
    expect(await b.heads()).toEqual([]);
    await a.upgrade();
    expect((await a.current()).map((r) => r.revision)).toEqual(['1001']);
    expect(await b.current()).toEqual([]);
  });

  it('createCommand defaults its name to db', () => {
    expect(createCommand({ retort: new Retort({ runMkdir: false }) }).name()).toBe('db');
  });
});
