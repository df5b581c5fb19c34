/**
 * Fuzzing whole script directories on disk (duplicate ids, cycles, dangling parents,
 * broken files) and the options passed to `new Retort(...)`: every case loads, or fails
 * with a clean RetortError; nothing hangs.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Retort } from '../../src/index.js';
import { ScriptDirectory } from '../../src/script/index.js';
import { tempDir } from '../reliability/helpers.js';
import { attemptAsync, SLOW_RUNS, TIMEOUT } from './support.js';

const root = tempDir('fuzz-dirs-');
let n = 0;
afterAll(() => rmSync(root, { recursive: true, force: true }));

const IDS = ['aa', 'bb', 'cc', 'dd', 'aa1'];
const lit = (v: unknown) => JSON.stringify(v);

const file = fc.record({
  name: fc.constantFrom(
    'aa_x.ts',
    'bb_y.ts',
    'cc.mjs',
    'dd.js',
    'zz.mts',
    'notes.txt',
    '__init__.ts',
    'e.ts',
  ),
  revision: fc.oneof(fc.constantFrom(...IDS), fc.constant(null), fc.string({ maxLength: 4 })),
  down: fc.oneof(
    fc.constant(null),
    fc.constantFrom(...IDS, 'missing'),
    fc.array(fc.constantFrom(...IDS), { maxLength: 2 }),
  ),
  labels: fc.oneof(fc.constant(undefined), fc.array(fc.constantFrom('x', 'y', 'aa'), { maxLength: 2 })),
  deps: fc.oneof(fc.constant(undefined), fc.array(fc.constantFrom(...IDS, 'x', 'nope'), { maxLength: 2 })),
  breakage: fc.constantFrom('none', 'none', 'none', 'truncate', 'nonliteral', 'binary', 'nodoc'),
});

function render(f: {
  revision: string | null;
  down: unknown;
  labels?: unknown;
  deps?: unknown;
  breakage: string;
}): string {
  let text = `/**\n * fuzz ${f.revision}\n */\n`;
  if (f.revision !== null) text += `export const revision = ${lit(f.revision)};\n`;
  text += `export const downRevision = ${lit(f.down)};\n`;
  if (f.labels !== undefined) text += `export const branchLabels = ${lit(f.labels)};\n`;
  if (f.deps !== undefined) text += `export const dependsOn = ${lit(f.deps)};\n`;
  text += 'export async function upgrade(op) {}\nexport async function downgrade(op) {}\n';
  switch (f.breakage) {
    case 'truncate':
      return text.slice(0, Math.floor(text.length / 2));
    case 'nonliteral':
      return text
        .replace(/export const downRevision = /, 'const D = ')
        .concat('export const downRevision = D;\n');
    case 'binary':
      return `${text}\0\0`;
    case 'nodoc':
      return text.replace(/^\/\*\*[\s\S]*?\*\/\n/, '');
    default:
      return text;
  }
}

describe('script directory fuzz', () => {
  it(
    'random folders of revision files',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(file, { maxLength: 6 }),
          fc.constantFrom('heads', 'base', 'aa', '+1', 'x@head'),
          async (files, target) => {
            const dir = join(root, `d${n++}`);
            mkdirSync(dir);
            for (const f of files) writeFileSync(join(dir, f.name), render(f));
            const script = new ScriptDirectory({ scriptLocation: dir });
            const loaded = await attemptAsync(async () => {
              const map = script.revisionMap;
              return { heads: [...map.heads], map };
            });
            if (!loaded.ok) return;
            await attemptAsync(async () => script.upgradeRevs(target, []));
            await attemptAsync(async () => script.downgradeRevs('base', [...loaded.value.heads]));
            await attemptAsync(async () => [...loaded.value.map.walkRevisions()]);
          },
        ),
        { numRuns: SLOW_RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'options passed to new Retort(...)',
    async () => {
      const value = fc.oneof(
        fc.anything({ maxDepth: 2 }),
        fc.constantFrom(
          'migrations',
          '',
          '.',
          '../x',
          'sqlite::memory:',
          'sqlite:',
          'postgres://',
          'mysql://u:p@h:0/d',
          'nope:',
          42,
          null,
          [],
          {},
        ),
      );
      const options = fc.record(
        {
          engines: value,
          metadatas: value,
          config: fc.oneof(
            value,
            fc.record(
              {
                scriptLocation: value,
                versionLocations: value,
                fileTemplate: value,
                truncateSlugLength: value,
                timezone: value,
              },
              { requiredKeys: [] },
            ),
          ),
          context: fc.oneof(
            value,
            fc.record(
              {
                versionTable: value,
                versionTableSchema: value,
                transactionPerMigration: value,
                compareType: value,
              },
              { requiredKeys: [] },
            ),
          ),
          commandName: value,
          runMkdir: value,
        },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(options, fc.constantFrom('heads', 'current', 'branches'), async (opts, call) => {
          const cwd = join(root, `r${n++}`);
          mkdirSync(cwd);
          const made = await attemptAsync(async () => new Retort({ ...(opts as object), root: cwd } as any));
          if (!made.ok) return;
          const retort = made.value;
          try {
            await attemptAsync(async () => (retort as any)[call]());
          } finally {
            await attemptAsync(() => retort.close());
          }
          expect(true).toBe(true);
        }),
        { numRuns: SLOW_RUNS },
      );
    },
    TIMEOUT,
  );
});
