import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, expect, it } from 'vitest';
import { Retort } from '../../src/index.js';
import { readinessHandler, retortExpress } from '../../src/integrations/express.js';
import { getJson, makeApp } from './support.js';

let server: Server | undefined;
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await new Promise((r) => (server ? server.close(r) : r(null)));
  server = undefined;
  await cleanup?.();
});

async function listen(app: express.Express): Promise<string> {
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

it('puts the Retort on app.locals and answers readiness 503 then 200', async () => {
  const t = makeApp();
  cleanup = t.cleanup;
  const app = express();
  await retortExpress(app, t.retort);
  app.get('/ready', readinessHandler());
  app.get('/who', (req, res) => {
    res.json({ same: req.app.locals.retort === t.retort, found: Retort.fromApp(req.app) === t.retort });
  });
  const base = await listen(app);
  expect(await getJson(`${base}/who`)).toEqual({ status: 200, body: { same: true, found: true } });
  expect(await getJson(`${base}/ready`)).toEqual({
    status: 503,
    body: { ready: false, current: [], heads: ['1001'] },
  });
  await t.retort.upgrade('1000');
  expect(await getJson(`${base}/ready`)).toEqual({
    status: 503,
    body: { ready: false, current: ['1000'], heads: ['1001'] },
  });
  await t.retort.upgrade();
  expect(await getJson(`${base}/ready`)).toEqual({
    status: 200,
    body: { ready: true, current: ['1001'], heads: ['1001'] },
  });
});

it('upgrades on start when asked', async () => {
  const t = makeApp();
  cleanup = t.cleanup;
  const app = express();
  await retortExpress(app, t.retort, { upgrade: true });
  app.get('/ready', readinessHandler(t.retort));
  const base = await listen(app);
  expect((await getJson(`${base}/ready`)).status).toBe(200);
});

it('concurrent upgrades on start apply each step once', async () => {
  const t = makeApp();
  cleanup = t.cleanup;
  const others = [0, 1, 2].map(() => new Retort({ root: t.root, engines: t.url }));
  try {
    const results = await Promise.all([t.retort, ...others].map((r) => r.upgrade()));
    const ran = results.flatMap((r) => r.steps.default);
    expect(ran).toEqual(['upgrade  -> 1000, init', 'upgrade 1000 -> 1001, add title']);
    expect((await t.retort.current()).map((r) => r.revision)).toEqual(['1001']);
  } finally {
    for (const o of others) await o.close();
  }
});
