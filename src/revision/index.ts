export { CURRENT_HEAD_MULTIPLE_HEADS, toCommandError } from './command-errors.js';
export type { CommandErrorOptions, RevisionErrorContext } from './command-errors.js';
export {
  CycleDetected,
  DependencyCycleDetected,
  DependencyLoopDetected,
  LoopDetected,
  MultipleHeads,
  RangeNotAncestorError,
  ResolutionError,
  RevisionError,
} from './errors.js';
export { HeadMaintainer } from './head-maintainer.js';
export type { VersionAction } from './head-maintainer.js';
export { Revision } from './revision.js';
export type { RevisionInit } from './revision.js';
export { RevisionMap } from './revision-map.js';
export type { IterateOptions, RevisionIdentifier } from './revision-map.js';
export { RevisionStep, StampStep } from './steps.js';
export type { MigrationStep } from './steps.js';
