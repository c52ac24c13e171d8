import { expect } from 'chai';
import { take } from 'rxjs';
import { AppErrorCode } from '../../client/errors.ts';
import { EventBus } from './event-bus.ts';
import type { AppEvents } from './events.ts';

const alert = {
  eventId: 'e1',
  messageId: 'm1',
  mailbox: '5055551212',
  mailboxOwner: 'Mary',
  callerName: 'Jane',
  callerNumber: '5055551313',
  receivedAt: '2026-11-22T20:00:00.000Z',
  durationSec: 3,
};

describe('EventBus', () => {
  it('delivers typed payloads to listeners and observables', () => {
    const bus = new EventBus<AppEvents>();
    const seen: string[] = [];
    bus.on('voicemail:received', ({ alert: a }) => seen.push(`on:${a.callerName}`));
    bus
      .on$('voicemail:received')
      .pipe(take(1))
      .subscribe(({ alert: a }) => seen.push(`on$:${a.callerName}`));
    bus.emit('voicemail:received', { alert });
    bus.emit('voicemail:received', { alert });
    expect(seen).to.deep.equal(['on:Jane', 'on$:Jane', 'on:Jane']);
  });

  it('survives a listener that throws and reports it as app:error', () => {
    const bus = new EventBus<AppEvents>();
    const errors: string[] = [];
    let later = 0;
    bus.on('app:error', ({ error }) => errors.push(error.code));
    bus.on('voicemail:received', () => {
      throw new Error('boom');
    });
    bus.on('voicemail:received', () => later++);
    bus.emit('voicemail:received', { alert });
    expect(errors).to.deep.equal([AppErrorCode.ListenerFailed]);
    expect(later).to.equal(1);
  });

  it('stops delivering after unsubscribe', () => {
    const bus = new EventBus<AppEvents>();
    let count = 0;
    const off = bus.on('voicemail:received', () => count++);
    off();
    bus.emit('voicemail:received', { alert });
    expect(count).to.equal(0);
  });
});
