import { describe, expect, it } from 'vitest';
import {
  createDateOf,
  formatCreateDate,
  renderFileTemplate,
  resolveTimezone,
  revId,
  ScriptDirectory,
  slugify,
} from '../../src/script/index.js';
import { CommandError } from '../../src/util/errors.js';
import { commandError } from './helpers.js';

const LONG = "this is a really long name with lots of characters and also I'd like it to\nhave\nnewlines";

describe('slugify (Alembic _rev_path)', () => {
  it.each([
    ['add todo table', 40, 'add_todo_table'],
    ['Add  Todo-Table!', 40, 'add_todo_table'],
    [LONG, 40, 'this_is_a_really_long_name_with_lots_of_'],
    [LONG, 60, 'this_is_a_really_long_name_with_lots_of_characters_and_also_'],
    ['abcdefghij', 5, 'abcde_'],
    ['', 40, ''],
    [null, 40, ''],
    ['café crème', 40, 'café_crème'],
  ])('%j at %i → %j', (message, length, expected) => {
    expect(slugify(message, length)).toBe(expected);
  });
});

describe('renderFileTemplate', () => {
  const tokens = {
    rev: '12345',
    slug: 'this_is_a_message',
    epoch: 1343228885,
    year: 2012,
    month: 7,
    day: 25,
    hour: 15,
    minute: 8,
    second: 5,
  };
  it('Alembic test_args', () => {
    expect(
      renderFileTemplate(
        '%(rev)s_%(slug)s_%(year)s_%(month)s_%(day)s_%(hour)s_%(minute)s_%(second)s',
        tokens,
      ),
    ).toBe('12345_this_is_a_message_2012_7_25_15_8_5');
  });
  it('Alembic test_epoch', () => {
    expect(renderFileTemplate('%(epoch)s_%(rev)s_%(slug)s', tokens)).toBe(
      '1343228885_12345_this_is_a_message',
    );
  });
  it('precision, width and %%', () => {
    expect(renderFileTemplate('%(year)d/%(month).2d/%(day).2d_%(rev)s_%(slug)s', tokens)).toBe(
      '2012/07/25_12345_this_is_a_message',
    );
    expect(renderFileTemplate('%(hour)04d-%(minute)3d-100%%', tokens)).toBe('0015-  8-100%');
  });
  it('unknown token', () => {
    expect(() => renderFileTemplate('%(nope)s', tokens)).toThrow(CommandError);
  });
});

describe('timezone', () => {
  const given = new Date(Date.UTC(2012, 6, 25, 15, 8, 5));
  it.each([
    ['EST5EDT', 11, '-04:00'],
    ['est5edt', 11, '-04:00'],
    ['utc', 15, '+00:00'],
    ['Europe/Berlin', 17, '+02:00'],
  ])('%s', (zone, hour, offset) => {
    const d = createDateOf(given, zone);
    expect(d).toMatchObject({ year: 2012, month: 7, day: 25, hour, minute: 8, second: 5, offset });
    expect(d.epoch).toBe(1343228885);
    expect(formatCreateDate(d)).toBe(`2012-07-25 ${String(hour).padStart(2, '0')}:08:05.000000${offset}`);
  });
  it("Can't locate timezone", () => {
    expect(() => resolveTimezone('Not/AZone')).toThrow(commandError("Can't locate timezone: Not/AZone"));
  });
  it('local time has no offset', () => {
    expect(formatCreateDate(createDateOf(given))).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
  });
});

describe('revId', () => {
  it('is the UTC epoch in seconds', () => {
    expect(ScriptDirectory.revId(new Date(Date.UTC(2030, 0, 1)))).toBe(String(Date.UTC(2030, 0, 1) / 1000));
  });
  it('never repeats within a second in one process', () => {
    const now = new Date(Date.UTC(2031, 0, 1));
    const ids = Array.from({ length: 5 }, () => revId(now));
    expect(new Set(ids).size).toBe(5);
    expect(ids.map(Number)).toEqual([...ids.map(Number)].sort((a, b) => a - b));
  });
  it('skips ids already taken in the folder', () => {
    const now = new Date(Date.UTC(2040, 0, 1));
    const base = Date.UTC(2040, 0, 1) / 1000;
    expect(revId(now, [String(base), String(base + 1), 'abc'])).toBe(String(base + 2));
  });
});
