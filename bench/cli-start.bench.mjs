// How long the CLI takes to start and print its help: the floor under every command.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { root, timeProcess } from './lib.mjs';

export default async function run(report) {
  const bin = join(root, 'dist', 'cli', 'bin.js');
  if (!existsSync(bin)) {
    report.skip('cli: retort --help', 'dist/cli/bin.js does not exist (run npm run build)');
    return;
  }
  const r = await timeProcess(process.execPath, [bin, '--help'], { runs: 10, warmup: 2 });
  report('cli: retort --help', { ...r, unit: 'ms', note: '10 runs, whole process' });
  const node = await timeProcess(process.execPath, ['-e', ''], { runs: 10, warmup: 2 });
  report('node -e "" (baseline)', { ...node, unit: 'ms', note: 'bare Node start for comparison' });
}
