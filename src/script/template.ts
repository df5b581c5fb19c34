import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of templates shipped with retort (`templates/` at the package root). */
export const TEMPLATES_DIR: string = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'templates');

/** The per-database section opener of a template (`$` + `{each databases}`). */
export const EACH_DATABASES = '$' + '{each databases}';

/** Template file name for one database. */
export const SINGLE_TEMPLATE = 'script.ts.tmpl';
/** Template file name for several databases. */
export const MULTIDB_TEMPLATE = 'multidb.script.ts.tmpl';

/**
 * Fills a revision template. `${name}` is replaced by `vars[name]`; a block
 * `${each list}…${end}` is repeated for each entry of `lists[list]`, with the entry's own values
 * taking precedence inside it. Unknown `${…}` are left alone, so a template may hold
 * TypeScript template literals.
 *
 * @example
 * renderTemplate('${each dbs}[${name}]${end}', {}, { dbs: [{ name: 'a' }, { name: 'b' }] }) // '[a][b]'
 */
export function renderTemplate(
  template: string,
  vars: Readonly<Record<string, string>>,
  lists: Readonly<Record<string, readonly Readonly<Record<string, string>>[]>> = {},
): string {
  const expanded = template.replace(
    /\$\{each ([A-Za-z_][A-Za-z0-9_]*)\}([\s\S]*?)\$\{end\}/g,
    (_whole, list: string, body: string) =>
      (lists[list] ?? []).map((item) => substitute(body, { ...vars, ...item })).join(''),
  );
  return substitute(expanded, vars);
}

function substitute(text: string, vars: Readonly<Record<string, string>>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) =>
    Object.hasOwn(vars, name) ? vars[name] : whole,
  );
}

/** Reads a template from the user's folder when present, else from retort's own templates. */
export async function loadTemplate(name: string, userDir?: string | null): Promise<string> {
  if (userDir) {
    try {
      return await readFile(join(userDir, name), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  return readFile(join(TEMPLATES_DIR, name), 'utf8');
}

/** A TypeScript string literal in single quotes. */
export function tsString(value: string): string {
  return `'${value
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\r/g, '\\r')
    .replace(/\n/g, '\\n')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')}'`;
}

/** `null`, `'a'` or `['a', 'b']`: Alembic's `tuple_rev_as_scalar` spelled in TypeScript. */
export function tsScalarOrList(values: readonly string[] | null | undefined): string {
  if (!values || values.length === 0) return 'null';
  if (values.length === 1) return tsString(values[0]);
  return tsList(values);
}

/** `['a', 'b']` (or `[]`). */
export function tsList(values: readonly string[] | null | undefined): string {
  return `[${(values ?? []).map(tsString).join(', ')}]`;
}

/** Text of a message placed inside a `/** … *\/` comment: one ` * ` per line, `*\/` defused. */
export function docCommentText(message: string): string {
  return message
    .replace(/\*\//g, '*\\/')
    .replace(/\r?\n/g, '\n * ')
    .replace(/ \* \n/g, ' *\n');
}

/** Indents a body two spaces; an empty body becomes a comment so the function does not look broken. */
export function renderBody(body: string | null | undefined): string {
  const text = (body ?? '').replace(/\s+$/, '');
  if (text.trim() === '') return '  // No operations.';
  return text
    .split('\n')
    .map((line) => (line.trim() === '' ? '' : `  ${line}`))
    .join('\n');
}

/** `auth-db` → `AuthDb`: the suffix of a per-database function name. */
export function pascalCase(name: string): string {
  const words = name.match(/[A-Za-z0-9]+/g) ?? [];
  const out = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  if (out === '') return 'Database';
  return /^[0-9]/.test(out) ? `Db${out}` : out;
}

/** A property key: bare when it is an identifier, else quoted. */
export function tsKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : tsString(name);
}
