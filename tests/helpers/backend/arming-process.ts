// A backend process that arms a timer and is then killed -9 by the test that started it (issue 16, item 4): it
// opens the shared database, holds a voicemail alert for a quiet display (its DeferredAlerts arms a timer for the
// programme's end) or queues a text to an offline phone (its relay's sweeper would fail it at the deadline), says
// "armed" on stdout and waits. Whatever it armed must still fire once, in another process.
//   node tests/helpers/backend/arming-process.ts '<json: ArmingOrder>'
import type { EventData } from '../../../protocol/index.ts';
import { DeferredAlerts } from '../../../server/displays/deferred-alerts.ts';
import { silentLogger } from '../../../server/log.ts';
import { InProcessBus } from '../../../server/push/device-bus.ts';
import { OutboxPublisher } from '../../../server/push/outbox-publisher.ts';
import type { DatabaseLocation } from '../../../server/store/database-location.ts';
import { openDatabase } from '../../../server/store/database.ts';
import type { StoredText } from '../../../server/texts/text-repository.ts';

export type ArmingOrder =
  | {
      kind: 'held-alert';
      location: DatabaseLocation;
      deviceId: string;
      until: number;
      programmeTitle: string;
      data: EventData<'voicemail.new'>;
    }
  | { kind: 'text'; location: DatabaseLocation; text: StoredText };

const order = JSON.parse(process.argv[2] ?? '') as ArmingOrder;
const store = await openDatabase(order.location, silentLogger);
if (order.kind === 'held-alert') {
  const held = new DeferredAlerts({
    store,
    gateway: new OutboxPublisher({ store, bus: new InProcessBus() }),
    log: silentLogger,
  });
  held.start();
  await held.hold({
    deviceId: order.deviceId,
    until: order.until,
    programmeTitle: order.programmeTitle,
    data: order.data,
  });
} else {
  await store.texts.add(order.text);
}
process.stdout.write('armed\n');
// Kept alive until the test kills it.
setInterval(() => undefined, 60_000);
