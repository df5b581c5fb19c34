import Fastify from 'fastify';
import { afterEach, expect, it } from 'vitest';
import { retortFastify } from '../../src/integrations/fastify.js';
import { getJson, makeApp } from './support.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
});

it('decorates fastify.retort, serves readiness, closes on shutdown', async () => {
  const t = makeApp();
  cleanup = t.cleanup;
  const app = Fastify();
  await app.register(retortFastify, { retort: t.retort, readinessPath: '/ready' });
  app.get('/who', async function () {
    return { same: this.retort === t.retort };
  });
  await app.register(async (child) => {
    child.get('/child', async () => ({ same: child.retort === t.retort }));
  });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    expect(await getJson(`${base}/who`)).toEqual({ status: 200, body: { same: true } });
    expect(await getJson(`${base}/child`)).toEqual({ status: 200, body: { same: true } });
    expect(await getJson(`${base}/ready`)).toEqual({
      status: 503,
      body: { ready: false, current: [], heads: ['1001'] },
    });
    await t.retort.upgrade();
    expect(await getJson(`${base}/ready`)).toEqual({
      status: 200,
      body: { ready: true, current: ['1001'], heads: ['1001'] },
    });
  } finally {
    let closed = 0;
    const close = t.retort.close.bind(t.retort);
    t.retort.close = async () => {
      closed++;
      await close();
    };
    await app.close();
    expect(closed).toBe(1);
  }
});

it('upgrades at registration when asked', async () => {
  const t = makeApp();
  cleanup = t.cleanup;
  const app = Fastify();
  await app.register(retortFastify, { retort: t.retort, upgrade: true, readinessPath: '/ready' });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    expect((await getJson(`${base}/ready`)).status).toBe(200);
  } finally {
    await app.close();
  }
});
