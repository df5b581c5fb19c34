/**
 * reports table
 *
 * Revision ID: 1763942500
 * Revises:
 * Create Date: 2025-11-24 00:01:40.000000
 */
import type { Operations } from 'retort';

export const revision = '1763942500';
export const downRevision: string | readonly string[] | null = null;
export const branchLabels: readonly string[] = ['reports'];
export const dependsOn: readonly string[] = [];

// retort calls upgrade(op, database) once per configured database.
export async function upgrade(op: Operations, database: string): Promise<void> {
  await upgrades[database]?.(op);
}

export async function downgrade(op: Operations, database: string): Promise<void> {
  await downgrades[database]?.(op);
}

async function upgradeMain(op: Operations): Promise<void> {
  await op.createTable('reports', [
    { name: 'id', type: 'integer', nullable: false, primaryKey: true, autoincrement: true },
    { name: 'title', type: 'text', nullable: false },
  ]);
}

async function downgradeMain(op: Operations): Promise<void> {
  await op.dropTable('reports');
}

async function upgradeAudit(_op: Operations): Promise<void> {
  // No operations.
}

async function downgradeAudit(_op: Operations): Promise<void> {
  // No operations.
}

const upgrades: Record<string, (op: Operations) => Promise<void>> = {
  main: upgradeMain,
  audit: upgradeAudit,
};

const downgrades: Record<string, (op: Operations) => Promise<void>> = {
  main: downgradeMain,
  audit: downgradeAudit,
};
