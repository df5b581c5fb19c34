import { describe, expect, it } from 'vitest';
import { maskUrl, parseDatabaseUrl } from '../../src/dialects/index.js';

describe('parseDatabaseUrl', () => {
  it('reads SQLite forms', () => {
    expect(parseDatabaseUrl('sqlite:app.db')).toEqual({
      driver: 'better-sqlite3',
      dialect: 'sqlite',
      filename: 'app.db',
    });
    expect(parseDatabaseUrl('sqlite::memory:')).toMatchObject({ filename: ':memory:' });
    expect(parseDatabaseUrl('sqlite://')).toMatchObject({ filename: ':memory:' });
    expect(parseDatabaseUrl('sqlite:///rel/app.db')).toMatchObject({ filename: 'rel/app.db' });
    expect(parseDatabaseUrl('sqlite:////abs/app.db')).toMatchObject({ filename: '/abs/app.db' });
    expect(parseDatabaseUrl('sqlite:/abs/app.db')).toMatchObject({ filename: '/abs/app.db' });
    expect(parseDatabaseUrl('sqlite:///:memory:')).toMatchObject({ filename: ':memory:' });
    expect(parseDatabaseUrl('sqlite:my%20file.db')).toMatchObject({ filename: 'my file.db' });
  });

  it('reads PGlite forms', () => {
    expect(parseDatabaseUrl('pglite:memory')).toEqual({
      driver: 'pglite',
      dialect: 'postgresql',
      dataDir: null,
    });
    expect(parseDatabaseUrl('pglite::memory:')).toMatchObject({ dataDir: null });
    expect(parseDatabaseUrl('pglite:./data/pg')).toMatchObject({ dataDir: './data/pg' });
    expect(parseDatabaseUrl('pglite:///abs/pg')).toMatchObject({ dataDir: '/abs/pg' });
  });

  it('reads PostgreSQL URLs', () => {
    const u = parseDatabaseUrl('postgres://app:p%40ss@db.example:5433/shop?sslmode=require');
    expect(u).toMatchObject({
      driver: 'pg',
      dialect: 'postgresql',
      host: 'db.example',
      port: 5433,
      user: 'app',
      password: 'p@ss',
      database: 'shop',
      params: { sslmode: 'require' },
    });
    expect(parseDatabaseUrl('postgresql+psycopg2://u@h/d')).toMatchObject({
      dialect: 'postgresql',
      port: null,
      password: null,
    });
  });

  it('reads MySQL and MariaDB URLs', () => {
    expect(parseDatabaseUrl('mysql://root:pw@127.0.0.1:3306/app')).toMatchObject({
      dialect: 'mysql',
      mariadb: false,
      host: '127.0.0.1',
      port: 3306,
      database: 'app',
    });
    expect(parseDatabaseUrl('mariadb://u:pw@h/app')).toMatchObject({ dialect: 'mysql', mariadb: true });
    expect(parseDatabaseUrl('mysql+pymysql://u@h/app')).toMatchObject({ dialect: 'mysql' });
  });

  it.each([
    ['', /empty/],
    ['nonsense', /expected a scheme/],
    ['oracle://u:pw@h/db', /unknown scheme "oracle"/],
    ['sqlite:', /file name is missing/],
    ['postgres:foo', /expected postgresql:\/\//],
    ['postgres://u:pw@h:99999/db', /invalid port/],
    ['mysql://u:pw@/db', /host name is missing/],
  ])('rejects %j with one clear line', (url, re) => {
    let message = '';
    try {
      parseDatabaseUrl(url);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(re);
    expect(message).not.toContain('\n');
    expect(message).not.toMatch(/pw@|:pw/);
  });
});

describe('maskUrl', () => {
  it.each([
    ['postgres://app:s3cret@db/app', 'postgres://app:***@db/app'],
    ['mysql://root:p@ss@h:3306/x', 'mysql://root:***@h:3306/x'],
    ['postgres://app@db/app', 'postgres://app@db/app'],
    ['postgres://db/app?password=hunter2&x=1', 'postgres://db/app?password=***&x=1'],
    ['sqlite:app.db', 'sqlite:app.db'],
    ['postgres://u:pa/ss#x@h/db', 'postgres://u:***@h/db'],
    ['mysql://u:@h/db', 'mysql://u:@h/db'],
  ])('%s', (url, masked) => {
    expect(maskUrl(url)).toBe(masked);
  });
});
