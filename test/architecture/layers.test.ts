import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

// SPEC §1: imports only point downward. util sits below everything.
/** What the faces (the command line, the framework glue) may use: every layer below them. */
const FACES = [
  'util',
  'vendor',
  'revision',
  'script',
  'operations',
  'dialects',
  'schema',
  'autogenerate',
  'runtime',
  'app',
];

const allowedImports: Record<string, readonly string[]> = {
  util: [],
  vendor: [],
  revision: ['util'],
  script: ['util', 'revision'],
  dialects: ['util', 'vendor'],
  operations: ['util', 'vendor', 'dialects'],
  schema: ['util', 'vendor', 'dialects'],
  autogenerate: ['util', 'vendor', 'dialects', 'schema', 'operations'],
  runtime: ['util', 'vendor', 'revision', 'script', 'operations', 'dialects'],
  app: FACES.filter((layer) => layer !== 'app'),
  cli: FACES,
  integrations: FACES,
};

const srcRoot = resolve(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import\()\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]);
}

describe('layering (SPEC §1)', () => {
  const layers = readdirSync(srcRoot).filter((name) => statSync(join(srcRoot, name)).isDirectory());

  it('knows every layer folder', () => {
    expect(layers.filter((layer) => !(layer in allowedImports))).toEqual([]);
  });

  it.each(layers)('src/%s imports only from layers below it', (layer) => {
    const violations: string[] = [];
    for (const file of sourceFiles(join(srcRoot, layer))) {
      for (const specifier of relativeImports(file)) {
        const target = relative(srcRoot, resolve(dirname(file), specifier)).split(sep)[0];
        if (target !== layer && !allowedImports[layer].includes(target)) {
          violations.push(`${relative(srcRoot, file)} imports ${specifier}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('src/revision does no I/O', () => {
    const offenders = sourceFiles(join(srcRoot, 'revision')).filter((file) =>
      /from\s+['"](node:)?(fs|fs\/promises|path|child_process|os|net|http|url)['"]/.test(
        readFileSync(file, 'utf8'),
      ),
    );
    expect(offenders).toEqual([]);
  });
});
