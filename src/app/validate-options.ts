import { CommandError } from '../util/errors.js';

type Kind = 'string' | 'boolean' | 'number' | 'function' | 'object' | 'string|null' | 'locations' | 'array';

const TOP: Record<string, Kind> = {
  config: 'object',
  context: 'object',
  runMkdir: 'boolean',
  commandName: 'string',
  root: 'string',
  logger: 'function',
};

const CONFIG: Record<string, Kind> = {
  scriptLocation: 'string',
  versionLocations: 'locations',
  fileTemplate: 'string',
  truncateSlugLength: 'number',
  timezone: 'string|null',
  revisionEnvironment: 'boolean',
  recursiveVersionLocations: 'boolean',
  postWriteHooks: 'array',
};

const CONTEXT: Record<string, Kind> = {
  compareType: 'boolean',
  compareServerDefault: 'boolean',
  versionTable: 'string',
  versionTableSchema: 'string|null',
  transactionPerMigration: 'boolean',
  includeObject: 'function',
  includeName: 'function',
  includeSchemas: 'boolean',
  renderAsBatch: 'boolean',
  processRevisionDirectives: 'function',
  lockTimeout: 'number',
};

function fits(kind: Kind, value: unknown): boolean {
  switch (kind) {
    case 'string|null':
      return value === null || typeof value === 'string';
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'locations':
      return (
        Array.isArray(value) &&
        value.every(
          (v) =>
            typeof v === 'string' ||
            (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string'),
        )
      );
    default:
      return typeof value === kind;
  }
}

function describeKind(kind: Kind): string {
  if (kind === 'locations') return 'a list of folders or [branch, folder] pairs';
  if (kind === 'string|null') return 'a string or null';
  if (kind === 'object') return 'an object';
  if (kind === 'array') return 'a list';
  return `a ${kind}`;
}

function check(where: string, shape: Record<string, Kind>, values: Record<string, unknown>): void {
  for (const [key, kind] of Object.entries(shape)) {
    const value = values[key];
    if (value === undefined) continue;
    if (!fits(kind, value)) {
      throw new CommandError(`Invalid ${where}${key}: expected ${describeKind(kind)}`);
    }
  }
}

/**
 * Rejects options of the wrong type up front with one clear line, instead of a TypeError
 * from deep inside a later call (`versionLocations: 0` → "0 is not iterable").
 */
export function validateRetortOptions(options: unknown): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new CommandError('Invalid Retort options: expected an object');
  }
  const o = options as Record<string, unknown>;
  check('option ', TOP, o);
  if (o.config !== undefined) check('config.', CONFIG, o.config as Record<string, unknown>);
  if (o.context !== undefined) check('context.', CONTEXT, o.context as Record<string, unknown>);
}
