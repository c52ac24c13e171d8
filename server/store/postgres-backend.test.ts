import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { POSTGRES_ENGINE } from '../../tests/helpers/backend/engines.ts';
import { depositHook, startBackend, TestDevice, type Harness } from '../../tests/helpers/backend/harness.ts';
import { DEMO } from '../seed.ts';

const { maryPhone, livingRoom } = DEMO.devices;

test('on PostgreSQL, a voicemail deposit goes through the outbox to the TV, and one missed while away is replayed', async () => {
  const h: Harness = await startBackend({ store: await POSTGRES_ENGINE.open() });
  after(() => h.close());
  const token = await h.app.tokens.issue(livingRoom.id);
  const tv = await TestDevice.connect(h.wsUrl, token);

  assert.ok((await depositHook(h, 'pg-m1', maryPhone.phoneNumber)).includes(livingRoom.id));
  const first = await tv.next((f) => f.type === 'event');
  assert.ok(first.type === 'event' && first.name === 'voicemail.new');
  assert.deepEqual([first.seq, first.data.messageId], [1, 'pg-m1']);
  assert.deepEqual(
    (await h.store.outbox.pending(livingRoom.id, 0, Date.now())).map((e) => e.seq),
    [1],
    'kept in PostgreSQL until acknowledged',
  );
  tv.socket.close();

  // The TV is away: the next deposit waits in the outbox, and the TV gets it when it comes back after seq 1.
  await depositHook(h, 'pg-m2', maryPhone.phoneNumber);
  assert.deepEqual(
    (await h.store.outbox.pending(livingRoom.id, 0, Date.now())).map((e) => e.seq),
    [1, 2],
    'nothing was acknowledged',
  );
  const back = await TestDevice.connect(h.wsUrl, token, 1, h.store.outbox.epoch);
  const replayed = await back.next((f) => f.type === 'event');
  assert.ok(replayed.type === 'event' && replayed.name === 'voicemail.new');
  assert.deepEqual([replayed.seq, replayed.data.messageId], [2, 'pg-m2']);
  back.socket.close();
});
