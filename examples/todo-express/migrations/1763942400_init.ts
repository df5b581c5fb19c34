/**
 * init
 *
 * Revision ID: 1763942400
 * Revises:
 * Create Date: 2025-11-24 00:00:00.000000
 */
import type { Operations } from 'retort';

export const revision = '1763942400';
export const downRevision: string | readonly string[] | null = null;
export const branchLabels: readonly string[] = ['default'];
export const dependsOn: readonly string[] = [];

export async function upgrade(op: Operations): Promise<void> {
  await op.createTable('todo', [
    { name: 'id', type: 'integer', nullable: false, primaryKey: true, autoincrement: true },
    { name: 'title', type: 'text', nullable: false },
  ]);
}

export async function downgrade(op: Operations): Promise<void> {
  await op.dropTable('todo');
}
