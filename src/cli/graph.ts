import type { PrintableRevision } from './format.js';

/** Output formats of `retort graph`. */
export type GraphFormat = 'mermaid' | 'dot';

function marks(r: PrintableRevision, current: ReadonlySet<string>): string[] {
  const out: string[] = [];
  if (r.isHead) out.push('head');
  if (r.isBranchPoint) out.push('branchpoint');
  if (r.isMergePoint) out.push('mergepoint');
  if (current.has(r.revision)) out.push('current');
  return out;
}

function title(r: PrintableRevision, current: ReadonlySet<string>): [string, string] {
  const labels = r.branchLabels.size > 0 ? ` (${[...r.branchLabels].join(', ')})` : '';
  const m = marks(r, current)
    .map((x) => ` (${x})`)
    .join('');
  return [`${r.revision}${labels}${m}`, r.doc];
}

function nodeId(rev: string): string {
  return `r_${rev.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/**
 * Draw the revision graph, base first. Edges run from parent to child; dependencies are
 * dashed. Heads, branch points, merge points and current revisions are marked in the node
 * text and with a class/style.
 */
export function renderGraph(
  revisions: readonly PrintableRevision[],
  format: GraphFormat,
  currentHeads: Iterable<string> = [],
): string {
  const current = new Set(currentHeads);
  // Listing order is newest first; draw oldest first so the output reads top-down.
  const ordered = [...revisions].reverse();
  const known = new Set(ordered.map((r) => r.revision));
  const lines: string[] = [];
  if (format === 'mermaid') {
    lines.push('flowchart TD');
    for (const r of ordered) {
      const [head, doc] = title(r, current);
      const text = doc ? `${head}<br/>${doc}` : head;
      lines.push(`  ${nodeId(r.revision)}["${text.replace(/"/g, '#quot;')}"]`);
    }
    for (const r of ordered) {
      for (const down of r.downRevisions) {
        if (known.has(down)) lines.push(`  ${nodeId(down)} --> ${nodeId(r.revision)}`);
      }
      for (const dep of r.dependsOn) {
        if (known.has(dep)) lines.push(`  ${nodeId(dep)} -.-> ${nodeId(r.revision)}`);
      }
    }
    lines.push('  classDef head stroke-width:3px;');
    lines.push('  classDef mergepoint fill:#eef;');
    lines.push('  classDef branchpoint fill:#efe;');
    lines.push('  classDef current fill:#fe9;');
    for (const cls of ['head', 'branchpoint', 'mergepoint', 'current']) {
      const ids = ordered.filter((r) => marks(r, current).includes(cls)).map((r) => nodeId(r.revision));
      if (ids.length > 0) lines.push(`  class ${ids.join(',')} ${cls};`);
    }
  } else {
    const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
    lines.push('digraph revisions {');
    lines.push('  rankdir=TB;');
    lines.push('  node [shape=box];');
    for (const r of ordered) {
      const [head, doc] = title(r, current);
      const m = marks(r, current);
      const attrs = [`label=${q(doc ? `${head}\n${doc}` : head)}`];
      if (m.includes('head')) attrs.push('penwidth=3');
      if (m.includes('mergepoint')) attrs.push('shape=hexagon');
      if (m.includes('current')) attrs.push('style=filled', 'fillcolor="#ffee99"');
      lines.push(`  ${q(r.revision)} [${attrs.join(', ')}];`);
    }
    for (const r of ordered) {
      for (const down of r.downRevisions)
        if (known.has(down)) lines.push(`  ${q(down)} -> ${q(r.revision)};`);
      for (const dep of r.dependsOn) {
        if (known.has(dep)) lines.push(`  ${q(dep)} -> ${q(r.revision)} [style=dashed];`);
      }
    }
    lines.push('}');
  }
  return `${lines.join('\n')}\n`;
}
