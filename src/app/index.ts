export {
  defaultConfig,
  defaultContext,
  type ResolvedConfig,
  type RetortConfig,
  type RetortContextConfig,
  resolveConfig,
  type VersionLocation,
} from './config.js';
export type { EngineInput, EnginesOption, MetadataInput, MetadatasOption } from './inputs.js';
export {
  isRetort,
  RETORT_BRAND,
  Retort,
  type RetortOptions,
  type RevisionArg,
  type RevisionDirective,
  type RevisionOptions,
  type RunOptions,
  type RunResult,
} from './retort.js';
