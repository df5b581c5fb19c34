// One whole-process measurement (wall time and peak RSS via GNU time), for workloads whose
// runs carry state from one process to the next (reset, upgrade, then downgrade), which
// lib.mjs's timeProcess (the same command N times) cannot express.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const GNU_TIME = '/usr/bin/time';

/**
 * Runs `command` once. A non-zero exit throws with the output's tail.
 * @param {{cmd:string,args:string[],cwd?:string,env?:Record<string,string>}} command
 * @returns {Promise<{ms:number, memoryMb?:number, output:string}>}
 */
export async function measure(command, { expectExit = 0 } = {}) {
  const tmp = mkdtempSync(join(tmpdir(), 'retort-bench-'));
  const rssFile = join(tmp, 'rss');
  const timed = existsSync(GNU_TIME);
  const [cmd, args] = timed
    ? [GNU_TIME, ['-f', '%M', '-o', rssFile, command.cmd, ...command.args]]
    : [command.cmd, command.args];
  try {
    return await new Promise((resolve, reject) => {
      const t0 = performance.now();
      const child = spawn(cmd, args, {
        cwd: command.cwd,
        env: { ...process.env, ...command.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      const keep = (d) => {
        out = (out + d).slice(-4000);
      };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      child.on('error', reject);
      child.on('close', (code, signal) => {
        const ms = performance.now() - t0;
        if (code !== expectExit) {
          const shown = [command.cmd, ...command.args].map((a) => a.split('/').at(-1)).join(' ');
          const lines = out.trim().split('\n');
          const why = lines.find((l) => /Error\b/.test(l)) ?? lines.slice(-3).join(' | ');
          reject(new Error(`${shown} exited with ${code ?? signal}: ${why.trim()}`));
          return;
        }
        let memoryMb;
        try {
          const lines = readFileSync(rssFile, 'utf8').trim().split('\n');
          memoryMb = Number(lines.at(-1)) / 1024;
        } catch {}
        resolve({ ms, memoryMb, output: out });
      });
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Runs `command` `runs` times after `warmup` untimed runs, calling `before(i)` (untimed)
 * before each. Returns median/min/max of wall time and the largest peak RSS. A command whose
 * first timed run takes longer than `oneRunOver` ms is not run again (keeps the bench short).
 */
export async function repeat(
  command,
  { runs = 5, warmup = 0, before, expectExit = 0, oneRunOver = Infinity } = {},
) {
  const times = [];
  let memoryMb = 0;
  let output = '';
  for (let i = -warmup; i < runs; i++) {
    if (before) await before(i);
    const r = await measure(command, { expectExit });
    if (i < 0) {
      if (r.ms > oneRunOver) i = -1; // a slow warm-up: go straight to the one timed run
      continue;
    }
    times.push(r.ms);
    memoryMb = Math.max(memoryMb, r.memoryMb ?? 0);
    output = r.output;
    if (times.length === 1 && r.ms > oneRunOver) break;
  }
  const s = [...times].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0], max: s.at(-1), runs: s.length, memoryMb: memoryMb || undefined, output };
}
