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
  const { HeadMaintainer, Revision, RevisionMap } = await import(pathToFileURL(entry).href);
  const id = (i) => `r${i.toString(16).padStart(11, '0')}`;
  await branchy(report, { HeadMaintainer, Revision, RevisionMap });
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

/**
 * 10,000 revisions where every 20th trunk revision starts a 3-revision feature branch and a
 * 1-revision side branch that merge back: planning plus replaying the version-table
 * changes of a full upgrade and a full downgrade.
 */
async function branchy(report, { HeadMaintainer, Revision, RevisionMap }) {
  const inits = [];
  let trunk = null;
  for (let i = 1; inits.length < 10000; i++) {
    const id = `t${i}`;
    inits.push({ revision: id, downRevision: trunk });
    trunk = id;
    if (i % 20 === 0) {
      let tip = id;
      for (let k = 0; k < 3; k++) {
        inits.push({ revision: `f${i}x${k}`, downRevision: tip });
        tip = `f${i}x${k}`;
      }
      inits.push({ revision: `s${i}`, downRevision: id });
      inits.push({ revision: `m${i}`, downRevision: [tip, `s${i}`] });
      trunk = `m${i}`;
    }
  }
  let steps = 0;
  const r = await timeRuns(
    () => {
      const map = new RevisionMap(inits.map((init) => new Revision(init)));
      const maintainer = new HeadMaintainer(map, []);
      const up = map.planUpgrade('heads', []);
      for (const step of up) maintainer.apply(step);
      const down = map.planDowngrade('base', [...maintainer.heads]);
      for (const step of down) maintainer.apply(step);
      steps = up.length + down.length;
    },
    5,
    { warmup: 1 },
  );
  report(`revision map: ${inits.length} revisions with merged branches, plan + replay up and down`, {
    ...r,
    unit: 'ms',
    memoryMb: process.memoryUsage().rss / 1048576,
    note: `${steps} steps`,
  });
}
