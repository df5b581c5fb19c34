import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterEach, expect, it } from 'vitest';
import { readinessHandler, retortHono } from '../../src/integrations/hono.js';
import { getJson, makeApp } from './support.js';

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

async function start(app: Hono<any>, cleanup: () => Promise<void>): Promise<string> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  stop = async () => {
    await new Promise((r) => server.close(r));
    await cleanup();
  };
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

it('sets c.get("retort") and answers readiness', async () => {
  const t = makeApp();
  const app = new Hono();
  app.use(retortHono(t.retort));
  app.get('/who', (c) => c.json({ same: c.get('retort') === t.retort }));
  app.get('/ready', readinessHandler(t.retort));
  const base = await start(app, t.cleanup);
  expect(await getJson(`${base}/who`)).toEqual({ status: 200, body: { same: true } });
  expect(await getJson(`${base}/ready`)).toEqual({
    status: 503,
    body: { ready: false, current: [], heads: ['1001'] },
  });
  await t.retort.upgrade();
  expect(await getJson(`${base}/ready`)).toEqual({
    status: 200,
    body: { ready: true, current: ['1001'], heads: ['1001'] },
  });
});

it('upgrades once before the first request when asked', async () => {
  const t = makeApp();
  const app = new Hono();
  app.use(retortHono(t.retort, { upgrade: true }));
  app.get('/ready', readinessHandler(t.retort));
  const base = await start(app, t.cleanup);
  const all = await Promise.all([1, 2, 3].map(() => getJson(`${base}/ready`)));
  expect(all.map((r) => r.status)).toEqual([200, 200, 200]);
});
