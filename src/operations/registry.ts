import { RetortError } from '../util/errors.js';
import type { MigrateOperation } from './migrate-operation.js';

/** Carries out one op: runs or emits its SQL through `operations.context`. */
export type OperationImplementation<O extends MigrateOperation = MigrateOperation, Ops = any> = (
  operations: Ops,
  op: O,
) => Promise<void> | void;

type OpClass = abstract new (...args: any[]) => MigrateOperation;

const implementations = new Map<OpClass, OperationImplementation<any>>();

/** Register how an op class is carried out (`Operations.implementationFor`). */
export function registerImplementation<O extends MigrateOperation>(
  opClass: abstract new (...args: any[]) => O,
  fn: OperationImplementation<O>,
  opts: { replace?: boolean } = {},
): void {
  if (implementations.has(opClass) && !opts.replace) {
    throw new RetortError(
      `An implementation for ${opClass.name} is already registered; pass { replace: true } to override it`,
    );
  }
  implementations.set(opClass, fn);
}

/** The implementation for an op: its own class's, else the nearest base class's. */
export function findImplementation(op: MigrateOperation): OperationImplementation<any> {
  let proto: object | null = Object.getPrototypeOf(op);
  while (proto && proto !== Object.prototype) {
    const fn = implementations.get((proto as { constructor: OpClass }).constructor);
    if (fn) return fn;
    proto = Object.getPrototypeOf(proto);
  }
  throw new RetortError(`No implementation registered for ${op.constructor.name}`);
}
