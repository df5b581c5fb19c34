export {
  DEFAULT_APP_FILES,
  type DiscoverOptions,
  discoverRetort,
  loadApp,
  parseAppSpec,
  toRetort,
} from './discover.js';
export { formatRevision, maskPasswords, type PrintableRevision } from './format.js';
export { type GraphFormat, renderGraph } from './graph.js';
export {
  type CliStreams,
  type CreateCommandOptions,
  createCommand,
  EXIT_FAILURE,
  EXIT_USAGE,
  main,
  mountCommand,
  reportError,
} from './program.js';
