import { describe, expect, it } from 'vitest';
import { ScriptDirectory } from '../../src/script/index.js';
import { tempDir, writeRevision } from './helpers.js';

function directoryWithStatus(dir: string): { script: ScriptDirectory; lines: string[] } {
  const lines: string[] = [];
  const script = new ScriptDirectory({ scriptLocation: dir, onStatus: (line) => lines.push(line) });
  return { script, lines };
}

describe('graph warnings reach onStatus', () => {
  it("reports Alembic's warning for downgrade -1 from several heads", () => {
    const dir = tempDir();
    writeRevision(dir, 'a_base.ts', { rev: 'aaaa' });
    writeRevision(dir, 'b_one.ts', { rev: 'bbbb', down: 'aaaa' });
    writeRevision(dir, 'c_two.ts', { rev: 'cccc', down: 'aaaa' });
    const { script, lines } = directoryWithStatus(dir);
    const steps = script.downgradeRevs('-1', ['bbbb', 'cccc']);
    expect(steps).toHaveLength(1);
    expect(lines).toEqual([
      'WARNING: downgrade -1 from multiple heads is ambiguous; this usage will be disallowed in a future release.',
    ]);
  });
});
