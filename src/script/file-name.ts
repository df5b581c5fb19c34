import { CommandError, RetortError } from '../util/errors.js';

/** Alembic's default `file_template`. */
export const DEFAULT_FILE_TEMPLATE = '%(rev)s_%(slug)s';

/** The wall-clock parts of a create date in the configured time zone. */
export interface CreateDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly microsecond: number;
  /** Seconds since the epoch (Alembic's `epoch` token). */
  readonly epoch: number;
  /** Offset such as `+01:00`, or '' for local (naive) time. */
  readonly offset: string;
}

/**
 * Slug of a message as Alembic makes it: word runs joined by `_`, lower-cased; when longer than
 * `truncate`, cut there and back to the last `_`, keeping a trailing `_`.
 *
 * @example
 * slugify('add todo table', 40) // 'add_todo_table'
 */
export function slugify(message: string | null | undefined, truncate = 40): string {
  const words = (message ?? '').match(/[\p{L}\p{N}_\p{M}]+/gu) ?? [];
  let slug = words.join('_').toLowerCase();
  if (slug.length > truncate) {
    const cut = slug.slice(0, truncate);
    const i = cut.lastIndexOf('_');
    slug = `${i === -1 ? cut : cut.slice(0, i)}_`;
  }
  return slug;
}

/** Validates an IANA zone name as Alembic does (exact, then upper-cased). */
export function resolveTimezone(timezone: string): string {
  for (const name of [timezone, timezone.toUpperCase()]) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: name });
      return name;
    } catch {
      // try the next spelling
    }
  }
  throw new CommandError(`Can't locate timezone: ${timezone}`);
}

/** The create date for a new revision: local time, or the given IANA zone. */
export function createDateOf(now: Date, timezone?: string | null): CreateDate {
  const epoch = Math.floor(now.getTime() / 1000);
  const microsecond = now.getMilliseconds() * 1000;
  if (timezone == null) {
    return {
      year: now.getFullYear(),
      month: now.getMonth() + 1,
      day: now.getDate(),
      hour: now.getHours(),
      minute: now.getMinutes(),
      second: now.getSeconds(),
      microsecond,
      epoch,
      offset: '',
    };
  }
  const zone = resolveTimezone(timezone);
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const year = get('year');
  const month = get('month');
  const day = get('day');
  const hour = get('hour');
  const minute = get('minute');
  const second = get('second');
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const offsetMinutes = Math.round((wall - epoch * 1000) / 60000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
  return { year, month, day, hour, minute, second, microsecond, epoch, offset };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** `str(datetime)` as Python prints it: `2026-11-24 00:00:00.000000[+01:00]`. */
export function formatCreateDate(d: CreateDate): string {
  const date = `${pad(d.year, 4)}-${pad(d.month, 2)}-${pad(d.day, 2)}`;
  const time = `${pad(d.hour, 2)}:${pad(d.minute, 2)}:${pad(d.second, 2)}.${pad(d.microsecond, 6)}`;
  return `${date} ${time}${d.offset}`;
}

/**
 * Applies a Python `%`-style file template (`%(rev)s_%(slug)s`, `%(year)d-%(month).2d`, `%%`).
 * Supported conversions: `s`, `d`, `i`, with flags, width and precision.
 */
export function renderFileTemplate(template: string, tokens: Record<string, string | number>): string {
  return template.replace(
    /%(?:\(([^)]*)\))?([-#0 +]*)(\d+)?(?:\.(\d+))?([sdir%])/g,
    (
      whole,
      key: string | undefined,
      flags: string,
      width: string | undefined,
      precision: string | undefined,
      conv: string,
    ) => {
      if (conv === '%') return '%';
      if (key === undefined) {
        throw new RetortError(`file_template ${template} must name its tokens, as in %(rev)s; got ${whole}`);
      }
      if (!(key in tokens)) {
        throw new CommandError(
          `Unknown token '${key}' in file_template ${template}; use rev, slug, epoch, year, month, day, hour, minute or second`,
        );
      }
      const value = tokens[key];
      let text: string;
      if (conv === 's' || conv === 'r') {
        text = String(value);
        if (precision !== undefined) text = text.slice(0, Number(precision));
      } else {
        const n = typeof value === 'number' ? value : Number(value);
        if (!Number.isFinite(n)) throw new CommandError(`Token '${key}' in file_template is not a number`);
        const neg = n < 0;
        let digits = String(Math.trunc(Math.abs(n)));
        if (precision !== undefined) digits = digits.padStart(Number(precision), '0');
        const sign = neg ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
        text = sign + digits;
        if (width !== undefined && flags.includes('0') && !flags.includes('-')) {
          text = sign + digits.padStart(Number(width) - sign.length, '0');
        }
      }
      if (width !== undefined && text.length < Number(width)) {
        text = flags.includes('-') ? text.padEnd(Number(width)) : text.padStart(Number(width));
      }
      return text;
    },
  );
}
