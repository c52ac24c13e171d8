import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  createEpgSimulator,
  localInstant,
  schedule,
  DEMO_CHANNELS,
  type Programme,
} from './epg-simulator.ts';

const DENVER = 'America/Denver';
const iso = (ms: number) => new Date(ms).toISOString();

describe('EPG simulator', () => {
  test('a wall-clock time is the right instant in winter, in summer, and around both clock changes', () => {
    assert.equal(iso(localInstant('2026-01-15', '18:00', DENVER)), '2026-01-16T01:00:00.000Z');
    assert.equal(iso(localInstant('2026-06-01', '18:00', DENVER)), '2026-06-02T00:00:00.000Z');
    // 02:30 never happens on 8 March: it is taken as 03:30 MDT, as far past the jump as meant.
    assert.equal(iso(localInstant('2026-03-08', '02:30', DENVER)), '2026-03-08T09:30:00.000Z');
    // 01:30 happens twice on 1 November: the first time (MDT).
    assert.equal(iso(localInstant('2026-11-01', '01:30', DENVER)), '2026-11-01T07:30:00.000Z');
    assert.equal(iso(localInstant('2026-11-01', '03:00', DENVER)), '2026-11-01T10:00:00.000Z');
  });

  test('the evening news is at 18:00 local all year, and a day of programmes has no gaps or overlaps', () => {
    const day = DEMO_CHANNELS[0]!.day;
    for (const [from, news] of [
      ['2026-01-15T12:00:00Z', '2026-01-16T01:00:00.000Z'],
      ['2026-06-01T12:00:00Z', '2026-06-02T00:00:00.000Z'],
    ] as const) {
      const start = new Date(from);
      const list = schedule(day, DENVER, start, new Date(start.getTime() + 24 * 3600_000));
      assert.equal(list.find((p) => p.title === 'The Evening News')?.start, news);
      for (let i = 1; i < list.length; i++) assert.equal(list[i]!.start, list[i - 1]!.end, 'contiguous');
    }
  });

  test('the day the clocks go back has a 25-hour schedule, the day they go forward a 23-hour one', () => {
    const day = DEMO_CHANNELS[1]!.day; // Overnight starts at 00:00 local
    const length = (date: string) => {
      const start = localInstant(date, '00:00', DENVER);
      const end = localInstant(date, '23:59', DENVER) + 60_000;
      const list = schedule(day, DENVER, new Date(start), new Date(end));
      return (Date.parse(list.at(-1)!.end) - Date.parse(list[0]!.start)) / 3600_000;
    };
    assert.equal(length('2026-11-01'), 25);
    assert.equal(length('2026-03-08'), 23);
    assert.equal(length('2026-06-01'), 24);
  });

  test('over HTTP: channels, a schedule, what is on now; clear errors for bad requests', async () => {
    const { app } = createEpgSimulator({ now: () => new Date('2026-06-02T00:10:00Z') });
    const channels = (await (await app.request('/channels')).json()) as { channels: { id: string }[] };
    assert.deepEqual(
      channels.channels.map((c) => c.id),
      ['4', '7'],
    );
    const now = (await (await app.request('/channels/4/now')).json()) as { programme: Programme };
    assert.deepEqual(now.programme, {
      title: 'The Evening News',
      start: '2026-06-02T00:00:00.000Z',
      end: '2026-06-02T00:30:00.000Z',
    });
    const later = (await (await app.request('/channels/4/now?at=2026-06-02T00:45:00Z')).json()) as {
      programme: Programme;
    };
    assert.equal(later.programme.title, 'Local Weather');
    const list = (await (
      await app.request('/channels/4/schedule?from=2026-06-02T00:00:00Z&to=2026-06-02T02:00:00Z')
    ).json()) as { programmes: Programme[] };
    assert.deepEqual(
      list.programmes.map((p) => p.title),
      ['The Evening News', 'Local Weather', 'Prime Time Drama'],
    );
    assert.equal((await app.request('/channels/99/now')).status, 404);
    for (const query of [
      'from=yesterday',
      'from=2026-06-02T00:00:00Z&to=2026-06-01T00:00:00Z',
      'from=2026-06-01T00:00:00Z&to=2026-06-30T00:00:00Z',
    ]) {
      const res = await app.request(`/channels/4/schedule?${query}`);
      assert.equal(res.status, 400, query);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'PROTOCOL_MALFORMED');
    }
  });
});
