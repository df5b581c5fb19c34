export { readRevisionHeader, cleanDocComment, firstParagraph } from './header-reader.js';
export type { RevisionHeader, HeaderValue } from './header-reader.js';
export {
  slugify,
  renderFileTemplate,
  resolveTimezone,
  createDateOf,
  formatCreateDate,
  DEFAULT_FILE_TEMPLATE,
} from './file-name.js';
export type { CreateDate } from './file-name.js';
export { revId } from './rev-id.js';
export { fileDigest, forgetModule, importModule, requireModule, revisionChecksum } from './module-loader.js';
export { Script } from './script.js';
export type { CmdFormatOptions, RevisionModule, ScriptInit, ScriptJson } from './script.js';
export { ScriptDirectory, scriptFromFile, scriptFromHeader } from './script-directory.js';
export type { ScriptDirectoryOptions, GenerateRevisionOptions, VersionLocation } from './script-directory.js';
export {
  EACH_DATABASES,
  MULTIDB_TEMPLATE,
  renderTemplate,
  SINGLE_TEMPLATE,
  TEMPLATES_DIR,
} from './template.js';
export {
  runWriteHooks,
  registerWriteHook,
  shellSplit,
  hookArguments,
  REVISION_SCRIPT_TOKEN,
} from './write-hooks.js';
export type { PostWriteHook, WriteHookFn, StatusLogger } from './write-hooks.js';
export { catchRevisionErrors } from './revision-errors.js';
