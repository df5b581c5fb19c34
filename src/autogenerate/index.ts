export {
  type AutogenerateOptions,
  compareMetadata,
  compareSchemas,
  type DatabaseCompareInput,
  type MetadataInput,
  type ProducedMigrations,
  type ProducedOps,
  produceMigrations,
  produceOps,
  toSchemaSpec,
} from './api.js';
export { type ComparisonResult, compareToOps } from './compare.js';
export { type ColumnModification, type Diff, type DiffList, toDiffs } from './diffs.js';
export { canonicalDefault, canonicalExpression, canonicalType, typesDiffer } from './normalize.js';
export {
  type AutogenOp,
  type AutogenOpKind,
  type ColumnChanges,
  type ColumnExisting,
  reverseOp,
  reverseOps,
} from './ops.js';
export type {
  CompareOptions,
  CompareServerDefaultFn,
  CompareTypeFn,
  IncludeName,
  IncludeObject,
  ObjectType,
  ParentNames,
} from './options.js';
export { jsString, RENDER_BEGIN, RENDER_END, type RenderOptions, renderOp, renderOps } from './render.js';
export { toDdlNodes } from './to-ddl.js';
export { toDowngradeOps, toOperation, toOperations, toUpgradeOps } from './to-operations.js';
export { fromOperation, type RenderInput, toAutogenOps } from './from-operations.js';
