/**
 * add done column
 *
 * Revision ID: 1763942460
 * Revises: 1763942400
 * Create Date: 2025-11-24 00:01:00.000000
 */
import type { Operations } from 'retort';

export const revision = '1763942460';
export const downRevision: string | readonly string[] | null = '1763942400';
export const branchLabels: readonly string[] = [];
export const dependsOn: readonly string[] = [];

export async function upgrade(op: Operations): Promise<void> {
  await op.addColumn('todo', { name: 'done', type: 'integer', nullable: false, default: '0' });
}

export async function downgrade(op: Operations): Promise<void> {
  await op.dropColumn('todo', 'done');
}
