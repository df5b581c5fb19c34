// Replaces dist/vendor/kysely.js (tsc's `export * from 'kysely'`) with Kysely bundled into one
// ES module: see src/vendor/kysely.ts for why.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

await build({
  entryPoints: ['kysely'],
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outfile: 'dist/vendor/kysely.js',
  allowOverwrite: true,
  legalComments: 'inline',
  logLevel: 'warning',
});

// tsc's source map described the re-export, not this bundle
rmSync('dist/vendor/kysely.js.map', { force: true });
