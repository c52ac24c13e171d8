import { expect } from 'chai';
import { AppErrorCode } from '../../client/errors.ts';
import { alertLine, errorLine, playerLine } from './spoken-lines.ts';

describe('spoken lines', () => {
  it("says the issue's alert line, with whose mailbox on a shared TV", () => {
    const alert = { callerName: 'Jane', callerNumber: '5055551313', mailboxOwner: 'Mary' };
    expect(alertLine(alert)).to.equal(
      'Voice mail from Jane, 505-555-1313, for Mary. OK to listen, Back to dismiss',
    );
    expect(alertLine({ ...alert, mailboxOwner: '' })).to.equal(
      'Voice mail from Jane, 505-555-1313. OK to listen, Back to dismiss',
    );
  });

  it('names the caller by number alone, or not at all, when the carrier gave less', () => {
    expect(alertLine({ callerName: '  ', callerNumber: '5055551313', mailboxOwner: '' })).to.equal(
      'Voice mail from 505-555-1313. OK to listen, Back to dismiss',
    );
    expect(alertLine({ callerName: '', callerNumber: '', mailboxOwner: 'Simon' })).to.equal(
      'New voice mail, for Simon. OK to listen, Back to dismiss',
    );
  });

  it("says the player's states a viewer acts on, and not idle or loading", () => {
    expect(['playing', 'paused', 'stopped', 'ended'].map((s) => playerLine(s as 'playing'))).to.deep.equal([
      'Playing',
      'Paused',
      'Stopped',
      'End of message',
    ]);
    expect(playerLine('idle')).to.equal(null);
    expect(playerLine('loading')).to.equal(null);
  });

  it('says whether a message that did not play is worth trying again', () => {
    expect(playerLine('error', 'truncated')).to.equal('The message could not be played');
    expect(playerLine('error')).to.equal('The message could not be played');
    expect(playerLine('error', 'TRANSCODER_UNAVAILABLE')).to.equal(
      "The message can't be played right now. Try again in a minute",
    );
  });

  it('says the errors that change what the viewer sees, not internal ones', () => {
    expect(errorLine(AppErrorCode.PushReplaced)).to.equal('Couchline is open on another screen');
    expect(errorLine(AppErrorCode.ListenerFailed)).to.equal(null);
    expect(errorLine(AppErrorCode.PushBadFrame)).to.equal(null);
  });
});
