import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, expect } from 'vitest';

const made: string[] = [];

/** A fresh temporary folder, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'retort-script-'));
  made.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const lit = (v: string | string[] | null | undefined) =>
  v === undefined
    ? '[]'
    : v === null
      ? 'null'
      : typeof v === 'string'
        ? `'${v}'`
        : `[${v.map((x) => `'${x}'`).join(', ')}]`;

export interface FileSpec {
  rev: string;
  down?: string | string[] | null;
  labels?: string[];
  deps?: string[];
  message?: string;
  createDate?: string;
}

/** Writes a revision file in the template's shape. */
export function writeRevision(dir: string, name: string, spec: FileSpec): string {
  const down = spec.down ?? null;
  const revises = down === null ? '' : typeof down === 'string' ? down : down.join(', ');
  const text = `/**
 * ${spec.message ?? `rev ${spec.rev}`}
 *
 * Revision ID: ${spec.rev}
 * Revises: ${revises}
 * Create Date: ${spec.createDate ?? '2026-11-23 23:44:02.928609'}
 */
import type { Operations } from 'retort';

export const revision = '${spec.rev}';
export const downRevision: string | readonly string[] | null = ${lit(down)};
export const branchLabels: readonly string[] = ${lit(spec.labels)};
export const dependsOn: readonly string[] = ${lit(spec.deps)};

export async function upgrade(op: Operations): Promise<void> {
  // No operations.
}

export async function downgrade(op: Operations): Promise<void> {
  // No operations.
}
`;
  const path = join(dir, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** Matches a thrown `CommandError` with exactly this message. */
export const commandError = (message: string) => expect.objectContaining({ name: 'CommandError', message });

/** Matches a thrown `RetortError` (or subclass) with exactly this message. */
export const retortError = (message: string) => expect.objectContaining({ message });
