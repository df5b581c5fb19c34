import type { Retort } from '../app/index.js';

/** The body of a readiness answer: the database's revisions and the script heads. */
export interface ReadinessBody {
  ready: boolean;
  current: string[];
  heads: string[];
}

/**
 * Whether every database is at the script heads. `status` is 200 when it is, 503 while it is
 * behind (or the database cannot be read).
 */
export async function checkReadiness(retort: Retort): Promise<{ status: 200 | 503; body: ReadinessBody }> {
  const heads = (await retort.heads()).map((r) => r.revision);
  try {
    const all = await retort.currentByDatabase();
    const current = [...new Set(Object.values(all).flatMap((list) => list.map((r) => r.revision)))];
    const behind = await retort.needsUpgrade();
    return { status: behind ? 503 : 200, body: { ready: !behind, current, heads } };
  } catch {
    return { status: 503, body: { ready: false, current: [], heads } };
  }
}

/** Options shared by the framework integrations. */
export interface IntegrationOptions {
  /** Upgrade to heads when the app starts (the runtime's lock makes concurrent starts safe). */
  upgrade?: boolean;
  /** Path of a readiness route to register (Fastify only; Express and Hono mount `readinessHandler`). */
  readinessPath?: string;
}
