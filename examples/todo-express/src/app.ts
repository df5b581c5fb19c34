import express from 'express';
import { readinessHandler, retortExpress } from '../../../src/integrations/express.js';
import { retort } from '../retort.config.js';
import { db } from './db.js';
import { todo } from './schema.js';

/** Build the app; `upgrade: true` brings the database to the latest revision first. */
export async function createApp(options: { upgrade?: boolean } = {}): Promise<express.Express> {
  const app = express();
  app.use(express.json());
  // app.locals.retort is the Retort; the migrations folder is created if missing.
  await retortExpress(app, retort, { upgrade: options.upgrade ?? false });

  app.get('/ready', readinessHandler(retort));
  app.get('/todos', async (_req, res) => {
    res.json(await db.select().from(todo));
  });
  app.post('/todos', async (req, res) => {
    const [row] = await db
      .insert(todo)
      .values({ title: String(req.body?.title ?? '') })
      .returning();
    res.status(201).json(row);
  });
  return app;
}
