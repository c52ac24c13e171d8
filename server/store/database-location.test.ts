import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { databaseLocation } from './database-location.ts';

describe('the database the configuration names', () => {
  test('no setting, or an empty one, is the embedded SQLite file, as npm start runs', () => {
    assert.deepEqual(databaseLocation(undefined, '/data/couchline.db'), {
      engine: 'sqlite',
      file: '/data/couchline.db',
    });
    assert.deepEqual(databaseLocation('  ', '/data/couchline.db'), {
      engine: 'sqlite',
      file: '/data/couchline.db',
    });
  });

  test('a postgres:// or postgresql:// URL is that PostgreSQL server', () => {
    for (const url of [
      'postgres://couchline:secret@db.example:5432/couchline',
      'postgresql://couchline@127.0.0.1/couchline',
      'postgres:///couchline?host=/run/postgresql&user=couchline',
    ]) {
      assert.deepEqual(databaseLocation(url, 'unused'), { engine: 'postgres', url });
    }
  });

  test('a URL it cannot use is refused with what it takes, never repeating the password', () => {
    const refusals: [string, RegExp][] = [
      ['not a url', /COUCHLINE_DATABASE_URL is not a URL: it takes postgres:\/\//],
      ['mysql://root:hunter2@db/couchline', /names a mysql database; Couchline runs on PostgreSQL/],
      [
        'postgres://couchline:hunter2@db.example:5432/',
        /names no database: postgres:\/\/couchline:\*\*\*@db\.example/,
      ],
      ['postgres:///couchline', /names no server/],
      ['postgres://couchline:hunter2@/couchline', /is not a URL/],
    ];
    for (const [url, message] of refusals) {
      assert.throws(
        () => databaseLocation(url, 'unused'),
        (error: Error) => message.test(error.message) && !error.message.includes('hunter2'),
        url,
      );
    }
  });
});
