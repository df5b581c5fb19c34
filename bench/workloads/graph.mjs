// Revision graphs for the listing workloads, as retort revision files (SPEC §2).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const q = (s) => JSON.stringify(s);

function writeRevision(dir, { rev, down, labels = [], message, index }) {
  const downText =
    down.length === 0 ? 'null' : down.length === 1 ? q(down[0]) : `[${down.map(q).join(', ')}]`;
  const text = `/**
 * ${message}
 *
 * Revision ID: ${rev}
 * Revises: ${down.join(', ')}
 * Create Date: 2026-11-24 00:00:00.000000
 */
import type { Operations } from 'retort';

export const revision = '${rev}';
export const downRevision: string | readonly string[] | null = ${downText};
export const branchLabels: readonly string[] = [${labels.map(q).join(', ')}];
export const dependsOn: readonly string[] = [];

export async function upgrade(op: Operations): Promise<void> {
  await op.execute('CREATE TABLE g${index} (id integer primary key)');
}

export async function downgrade(op: Operations): Promise<void> {
  await op.execute('DROP TABLE g${index}');
}
`;
  writeFileSync(join(dir, `${rev}_${message.replace(/\W+/g, '_')}.ts`), text);
}

/** 12-character revision id for index `i` (unique; not in run order, as real ids are not). */
export function graphRevisionId(i) {
  return `${((i * 2654435761) % 0xfffffff).toString(16).padStart(7, '0')}${String(i).padStart(5, '0')}`;
}

/** `count` revisions in one chain. */
export function writeLinearGraph(dir, count) {
  mkdirSync(dir, { recursive: true });
  let prev = null;
  for (let i = 0; i < count; i++) {
    const rev = graphRevisionId(i);
    writeRevision(dir, { rev, down: prev ? [prev] : [], message: `revision ${i}`, index: i });
    prev = rev;
  }
}

/**
 * `count` revisions (a multiple of 50 × branches… rounded) on a trunk from which `branches`
 * labelled branches (`feature01`…) fork and merge back: each segment is a fork point, two
 * parallel chains (the trunk and the labelled branch) and a merge revision joining them.
 */
export function writeBranchyGraph(dir, count, branches = 20) {
  mkdirSync(dir, { recursive: true });
  const segment = Math.floor(count / branches);
  const chain = Math.floor((segment - 2) / 2);
  let i = 0;
  let tip = null;
  const next = (down, labels, message) => {
    const rev = graphRevisionId(i);
    writeRevision(dir, { rev, down, labels, message, index: i });
    i++;
    return rev;
  };
  for (let b = 1; b <= branches; b++) {
    const label = `feature${String(b).padStart(2, '0')}`;
    const fork = next(tip ? [tip] : [], [], `fork ${b}`);
    let trunk = fork;
    let side = fork;
    for (let k = 0; k < chain; k++) trunk = next([trunk], [], `trunk ${b}.${k}`);
    for (let k = 0; k < chain; k++) side = next([side], k === 0 ? [label] : [], `${label} ${k}`);
    tip = next([trunk, side], [], `merge ${label}`);
  }
  while (i < count) tip = next([tip], [], `tail ${i}`);
  return i;
}
