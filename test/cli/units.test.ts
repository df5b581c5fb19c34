import { describe, expect, it } from 'vitest';
import { maskPasswords, parseAppSpec, type PrintableRevision, renderGraph } from '../../src/cli/index.js';
import { main } from '../../src/cli/program.js';

function rev(
  revision: string,
  down: string[],
  extra: Partial<Omit<PrintableRevision, 'cmdFormat' | 'toJSON'>> = {},
): PrintableRevision {
  return {
    revision,
    downRevisions: down,
    branchLabels: new Set<string>(),
    dependsOn: [],
    path: `/m/${revision}.ts`,
    doc: `doc ${revision}`,
    isHead: false,
    isBase: down.length === 0,
    isBranchPoint: false,
    isMergePoint: down.length > 1,
    cmdFormat: () => revision,
    toJSON: () => {
      throw new Error('not printed as JSON here');
    },
    ...extra,
  };
}

describe('graph', () => {
  const list = [
    rev('c', ['a', 'b'], { isHead: true, branchLabels: new Set(['default', 'users']) }),
    rev('b', [], { branchLabels: new Set(['users']), dependsOn: ['a'] }),
    rev('a', [], { branchLabels: new Set(['default']) }),
  ];

  it('draws mermaid with marks and edges, base first', () => {
    const out = renderGraph(list, 'mermaid', ['c']);
    const lines = out.split('\n');
    expect(lines[0]).toBe('flowchart TD');
    expect(lines[1]).toBe('  r_a["a (default)<br/>doc a"]');
    expect(out).toContain('r_c["c (default, users) (head) (mergepoint) (current)<br/>doc c"]');
    expect(out).toContain('  r_a --> r_c');
    expect(out).toContain('  r_b --> r_c');
    expect(out).toContain('  r_a -.-> r_b');
    expect(out).toContain('  class r_c head;');
    expect(out).toContain('  class r_c mergepoint;');
    expect(out).toContain('  class r_c current;');
  });

  it('draws dot', () => {
    const out = renderGraph(list, 'dot', []);
    expect(out.startsWith('digraph revisions {\n')).toBe(true);
    expect(out).toContain(
      '"c" [label="c (default, users) (head) (mergepoint)\\ndoc c", penwidth=3, shape=hexagon];',
    );
    expect(out).toContain('"a" -> "c";');
    expect(out).toContain('"a" -> "b" [style=dashed];');
    expect(out.trimEnd().endsWith('}')).toBe(true);
  });
});

describe('helpers', () => {
  it('splits PATH:EXPORT, leaving drive letters', () => {
    expect(parseAppSpec('src/app.ts:createApp')).toEqual({ path: 'src/app.ts', exportName: 'createApp' });
    expect(parseAppSpec('src/app.ts')).toEqual({ path: 'src/app.ts', exportName: null });
    expect(parseAppSpec('C:\\app\\app.ts')).toEqual({ path: 'C:\\app\\app.ts', exportName: null });
    expect(parseAppSpec('C:\\app\\app.ts:x')).toEqual({ path: 'C:\\app\\app.ts', exportName: 'x' });
  });

  it('masks passwords in URLs', () => {
    expect(maskPasswords('connect postgres://me:hunter2@db:5432/app failed')).toBe(
      'connect postgres://me:***@db:5432/app failed',
    );
    expect(maskPasswords('mysql://root:p%40ss@127.0.0.1/x')).toBe('mysql://root:***@127.0.0.1/x');
    expect(maskPasswords('sqlite:app.db')).toBe('sqlite:app.db');
  });
});

describe('main exit codes', () => {
  const sink = () => {
    const chunks: string[] = [];
    return { chunks, stream: { write: (t: string) => void chunks.push(t) } };
  };

  it('0 for help and version, 2 for bad usage', async () => {
    const out = sink();
    const err = sink();
    const streams = { stdout: out.stream, stderr: err.stream };
    expect(await main(['--help'], streams)).toBe(0);
    expect(out.chunks.join('')).toContain('Usage: retort');
    expect(await main(['--version'], streams)).toBe(0);
    expect(await main(['frobnicate'], streams)).toBe(2);
    expect(await main(['upgrade', 'a', 'b'], streams)).toBe(2);
    expect(await main(['graph', '--format', 'svg'], streams)).toBe(2);
    expect(err.chunks.join('')).toContain("unknown command 'frobnicate'");
  });
});
