import type {} from 'fastify';
import type { Retort } from '../app/index.js';
import { checkReadiness, type IntegrationOptions } from './readiness.js';

export { checkReadiness, type IntegrationOptions, type ReadinessBody } from './readiness.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The Retort registered by the `retortFastify` plugin. */
    retort: Retort;
  }
}

/** Options of the Fastify plugin. */
export interface RetortFastifyOptions extends IntegrationOptions {
  retort: Retort;
  /** Close Retort's connections when Fastify closes. Default `true`. */
  closeOnShutdown?: boolean;
}

interface FastifyLike {
  decorate(name: string, value: unknown): unknown;
  hasDecorator(name: string): boolean;
  addHook(name: 'onClose', fn: (instance: unknown) => Promise<void>): unknown;
  get(path: string, handler: (req: unknown, reply: ReplyLike) => Promise<unknown>): unknown;
}
interface ReplyLike {
  code(status: number): ReplyLike;
  send(body: unknown): unknown;
}

/**
 * Fastify plugin: `fastify.retort` in every scope, connections closed on `onClose`, an
 * optional upgrade at registration and an optional readiness route.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import { retortFastify } from 'retort/fastify';
 * const app = Fastify();
 * await app.register(retortFastify, { retort, upgrade: true, readinessPath: '/ready' });
 * ```
 */
export async function retortFastify(fastify: FastifyLike, options: RetortFastifyOptions): Promise<void> {
  const { retort } = options;
  if (!fastify.hasDecorator('retort')) fastify.decorate('retort', retort);
  await retort.initApp(fastify);
  if (options.closeOnShutdown ?? true) fastify.addHook('onClose', () => retort.close());
  if (options.upgrade) await retort.upgrade();
  if (options.readinessPath) fastify.get(options.readinessPath, readinessHandler(retort));
}
// Like fastify-plugin: register in the parent scope so the decoration is visible everywhere.
(retortFastify as any)[Symbol.for('skip-override')] = true;
(retortFastify as any)[Symbol.for('fastify.display-name')] = 'retort';

/** A Fastify route handler answering 200 `{current, heads}` at heads and 503 while behind. */
export function readinessHandler(retort: Retort): (req: unknown, reply: ReplyLike) => Promise<unknown> {
  return async (_req, reply) => {
    const { status, body } = await checkReadiness(retort);
    return reply.code(status).send(body);
  };
}
