import type { Retort } from '../app/index.js';
import { checkReadiness, type IntegrationOptions } from './readiness.js';

export { checkReadiness, type IntegrationOptions, type ReadinessBody } from './readiness.js';

declare global {
  namespace Express {
    interface Locals {
      /** The Retort registered by `retortExpress` or `retort.initApp(app)`. */
      retort?: Retort;
    }
  }
}

interface ExpressAppLike {
  locals: Record<string, unknown>;
}
interface ResponseLike {
  status(code: number): ResponseLike;
  json(body: unknown): unknown;
}

/**
 * Register `retort` on an Express app (`app.locals.retort`, `req.app.locals.retort` in
 * handlers), create the migrations folder unless `runMkdir` is off, and optionally upgrade.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { retortExpress, readinessHandler } from 'retort/express';
 * const app = express();
 * await retortExpress(app, retort, { upgrade: true });
 * app.get('/ready', readinessHandler(retort));
 * ```
 */
export async function retortExpress(
  app: ExpressAppLike,
  retort: Retort,
  options: IntegrationOptions = {},
): Promise<void> {
  await retort.initApp(app);
  if (options.upgrade) await retort.upgrade();
}

/** An Express handler answering 200 `{current, heads}` at heads and 503 while behind. */
export function readinessHandler(retort?: Retort): (req: any, res: ResponseLike) => Promise<void> {
  return async (req, res) => {
    const r = retort ?? (req?.app?.locals?.retort as Retort | undefined);
    if (!r) {
      res.status(500).json({ error: 'No Retort registered on this app.' });
      return;
    }
    const { status, body } = await checkReadiness(r);
    res.status(status).json(body);
  };
}
