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

// retort calls upgrade(op, database) once per configured database.
export async function upgrade(op: Operations, database: string): Promise<void> {
  await upgrades[database]?.(op);
}

export async function downgrade(op: Operations, database: string): Promise<void> {
  await downgrades[database]?.(op);
}

async function upgradeMain(op: Operations): Promise<void> {
  await op.createTable('users', [
    { name: 'id', type: 'integer', nullable: false, primaryKey: true, autoincrement: true },
    { name: 'email', type: 'text', nullable: false },
    { kind: 'unique', name: 'users_email_unique', columns: ['email'] },
  ]);
}

async function downgradeMain(op: Operations): Promise<void> {
  await op.dropTable('users');
}

async function upgradeAudit(op: Operations): Promise<void> {
  await op.createTable('events', [
    { name: 'id', type: 'integer', nullable: false, primaryKey: true, autoincrement: true },
    { name: 'kind', type: 'text', nullable: false },
    { name: 'payload', type: 'text', nullable: true },
  ]);
}

async function downgradeAudit(op: Operations): Promise<void> {
  await op.dropTable('events');
}

const upgrades: Record<string, (op: Operations) => Promise<void>> = {
  main: upgradeMain,
  audit: upgradeAudit,
};

const downgrades: Record<string, (op: Operations) => Promise<void>> = {
  main: downgradeMain,
  audit: downgradeAudit,
};
