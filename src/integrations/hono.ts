import type {} from 'hono';
import type { Retort } from '../app/index.js';
import { checkReadiness, type IntegrationOptions } from './readiness.js';

export { checkReadiness, type IntegrationOptions, type ReadinessBody } from './readiness.js';

declare module 'hono' {
  interface ContextVariableMap {
    /** The Retort set by the `retortHono` middleware. */
    retort: Retort;
  }
}

interface ContextLike {
  set(key: string, value: unknown): void;
  json(body: unknown, status?: number): Response;
}

/**
 * Hono middleware making the Retort reachable as `c.get('retort')`. Pass `upgrade: true` to
 * upgrade once, before the first request is handled (concurrent requests wait for it).
 *
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { retortHono, readinessHandler } from 'retort/hono';
 * const app = new Hono();
 * app.use(retortHono(retort, { upgrade: true }));
 * app.get('/ready', readinessHandler(retort));
 * ```
 */
export function retortHono(
  retort: Retort,
  options: IntegrationOptions = {},
): (c: ContextLike, next: () => Promise<void>) => Promise<void> {
  let started: Promise<void> | null = null;
  return async (c, next) => {
    if (options.upgrade) {
      started ??= retort.upgrade().then(() => undefined);
      started.catch(() => {
        started = null;
      });
      await started;
    }
    c.set('retort', retort);
    await next();
  };
}

/** Register `retort` on a Hono app object and optionally upgrade now. */
export async function setupRetort(
  app: object,
  retort: Retort,
  options: IntegrationOptions = {},
): Promise<void> {
  await retort.initApp(app);
  if (options.upgrade) await retort.upgrade();
}

/** A Hono handler answering 200 `{current, heads}` at heads and 503 while behind. */
export function readinessHandler(retort: Retort): (c: ContextLike) => Promise<Response> {
  return async (c) => {
    const { status, body } = await checkReadiness(retort);
    return c.json(body, status);
  };
}
