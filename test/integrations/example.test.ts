import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';

// The committed example app, as a user would run it: a fresh database, upgraded on start.
const dir = mkdtempSync(join(process.env.RETORT_TEST_TMPDIR ?? tmpdir(), 'retort-example-'));
process.env.TODO_DB = join(dir, 'todo.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('examples/todo-express migrates on start and serves todos', async () => {
  const { createApp } = await import('../../examples/todo-express/src/app.js');
  const { retort } = await import('../../examples/todo-express/retort.config.js');
  const app = await createApp({ upgrade: true });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, current: ['1763942460'], heads: ['1763942460'] });
    const created = await fetch(`${base}/todos`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'write docs' }),
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ id: 1, title: 'write docs', done: false });
    expect(await (await fetch(`${base}/todos`)).json()).toEqual([
      { id: 1, title: 'write docs', done: false },
    ]);
    // The committed revisions match the Drizzle schema.
    expect(await retort.needsRevision()).toBe(false);
  } finally {
    await new Promise((r) => server.close(r));
    await retort.close();
  }
});
