/**
 * Renders a value the way Python's `%s` would for the shapes Alembic puts in its
 * messages (strings, tuples of strings, None, bytes), so our texts match Alembic's.
 */
export function pyStr(value: unknown): string {
  if (typeof value === 'string') return value;
  return pyRepr(value);
}

/** Python `repr()` for the same shapes (`'a'`, `('a', 'b')`, `('a',)`, `None`, `b'..'`). */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'string') return quote(value);
  if (value instanceof Uint8Array) {
    let body = '';
    for (const byte of value) {
      if (byte === 0x27) body += "\\'";
      else if (byte === 0x5c) body += '\\\\';
      else if (byte >= 0x20 && byte < 0x7f) body += String.fromCharCode(byte);
      else body += `\\x${byte.toString(16).padStart(2, '0')}`;
    }
    return `b'${body}'`;
  }
  if (Array.isArray(value)) {
    const items = value.map((item) => pyRepr(item));
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
  }
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}

function quote(text: string): string {
  if (text.includes("'") && !text.includes('"')) return `"${text}"`;
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Alembic's `format_as_comma`: `None` → '', a string as is, a sequence joined by ', '. */
export function formatAsComma(value: string | readonly string[] | null): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  return value.join(', ');
}
