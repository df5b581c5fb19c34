// Revision graph at scale: build a linear chain of N revisions, resolve `heads`, plan the
// full upgrade from an empty database and the full downgrade back to base. Pure, in-process.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root, timeRuns } from './lib.mjs';

export default async function run(report) {
  const entry = join(root, 'dist', 'revision', 'index.js');
  if (!existsSync(entry)) {
    report.skip('revision map', 'dist/revision/index.js does not exist (run npm run build)');
    return;
  }
  const { Revision, RevisionMap } = await import(pathToFileURL(entry).href);
  const id = (i) => `r${i.toString(16).padStart(11, '0')}`;
  for (const n of [1000, 10000]) {
    const inits = Array.from({ length: n }, (_, i) => ({
      revision: id(i),
      downRevision: i === 0 ? null : id(i - 1),
    }));
    let peak = 0;
    const sample = () => {
      peak = Math.max(peak, process.memoryUsage().rss / 1048576);
    };
    let upgradeSteps = 0;
    const build = await timeRuns(
      () => {
        const map = new RevisionMap(inits.map((init) => new Revision(init)));
        map.heads;
        sample();
      },
      7,
      { warmup: 2 },
    );
    report(`revision map: build + heads, ${n} revisions`, { ...build, unit: 'ms', memoryMb: peak });
    const full = await timeRuns(
      () => {
        const map = new RevisionMap(inits.map((init) => new Revision(init)));
        const heads = map.heads;
        upgradeSteps = map.planUpgrade('heads', []).length;
        sample();
        return heads;
      },
      7,
      { warmup: 2 },
    );
    report(`revision map: build + heads + planUpgrade('heads', []), ${n} revisions`, {
      ...full,
      unit: 'ms',
      memoryMb: peak,
      note: `${upgradeSteps} steps`,
    });
    const map = new RevisionMap(inits.map((init) => new Revision(init)));
    const heads = map.heads;
    let downSteps = 0;
    const down = await timeRuns(
      () => {
        downSteps = map.planDowngrade('base', heads).length;
        sample();
      },
      7,
      { warmup: 2 },
    );
    report(`revision map: planDowngrade('base', heads), ${n} revisions`, {
      ...down,
      unit: 'ms',
      memoryMb: peak,
      note: `${downSteps} steps, map already built`,
    });
  }
}
