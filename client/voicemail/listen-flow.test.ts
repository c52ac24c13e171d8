import { expect } from 'chai';
import { ErrorCode, type UnlockResponse } from '../../protocol/index.ts';
import { ApiRequestError } from '../net/api-client.ts';
import { ListenFlow, type FlowMessage, type ListenApi, type ListenState } from './listen-flow.ts';

// The flow on its own, over a recorded fake of the backend. tests/integration/listen-flow.test.ts drives it
// against the mock backend with the TV's real player; the phone page's tests drive it through its rows.

const MESSAGE: FlowMessage = { id: 'm1', callerName: 'Jane', callerNumber: '5055551313', durationSec: 8 };

function sessionFixture(id = 's1'): UnlockResponse {
  return {
    sessionId: `session-${id}-0123456789`,
    audioUrl: `/api/voicemail/playback/${id}/audio`,
    expiresAt: '2026-11-22T20:10:00.000Z',
  };
}

/**
 * A fresh flow over a fake backend. `refusals`: what unlock throws, one per call, before it answers; `held`: the
 * session the device holds (the phone's way), or none (the TV's); `withPlayer: false` for the phone's flow.
 */
function setup(
  options: {
    refusals?: Error[];
    deleteRefusal?: Error;
    held?: () => UnlockResponse | null;
    withPlayer?: boolean;
  } = {},
) {
  const calls: string[] = [];
  /** The session id each unlock was sent with, and each one the player was readied for. */
  const sentIds: (string | undefined)[] = [];
  const preparedIds: string[] = [];
  const refusals = [...(options.refusals ?? [])];
  const api: ListenApi = {
    unlock: (messageId, pin, intent, sessionId) => {
      calls.push(`unlock ${messageId} ${pin} ${intent}`);
      sentIds.push(sessionId);
      const refusal = refusals.shift();
      return refusal === undefined ? Promise.resolve(sessionFixture()) : Promise.reject(refusal);
    },
    delete: (messageId, sessionId) => {
      calls.push(`delete ${messageId} ${sessionId}`);
      return options.deleteRefusal === undefined ? Promise.resolve() : Promise.reject(options.deleteRefusal);
    },
    later: (messageId) => {
      calls.push(`later ${messageId}`);
      return Promise.resolve();
    },
    ...(options.held ? { sessionFor: options.held } : {}),
  };
  const played: string[] = [];
  const playback = {
    prepare: (sessionId: string) => {
      preparedIds.push(sessionId);
      played.push(`prepare (unlock requests so far: ${calls.length})`);
    },
    start: (message: FlowMessage, session: UnlockResponse) => {
      played.push(`start ${message.id} ${session.sessionId}`);
      return Promise.resolve();
    },
    close: () => void played.push('close'),
  };
  const flow = new ListenFlow(options.withPlayer === false ? { api } : { api, playback });
  const steps: ListenState['step'][] = [];
  flow.state$.subscribe((s) => steps.push(s.step));
  return { flow, calls, played, steps, sentIds, preparedIds };
}

describe('ListenFlow', () => {
  it('a PIN typed whole is sent as one; a malformed one is refused without a request', async () => {
    const { flow, calls, played } = setup();
    flow.listen(MESSAGE);
    for (const wrong of ['12ab', '123', '12345678901', '']) {
      await flow.enterPin(wrong);
      expect(flow.state).to.include({ step: 'pin', length: 0, error: 'Enter 4 to 10 digits' });
    }
    expect(calls).to.deep.equal([]);
    await flow.enterPin('8264');
    expect(calls).to.deep.equal(['unlock m1 8264 listen']);
    expect(flow.state.step).to.equal('playing');
    expect(played).to.deep.equal([
      'close',
      'prepare (unlock requests so far: 1)',
      `start m1 ${sessionFixture().sessionId}`,
    ]);
  });

  it('the player is made ready as a PIN to listen is sent, and not for a delete', async () => {
    const { flow, played } = setup({
      refusals: [new ApiRequestError(403, ErrorCode.PinWrong, 'wrong', { attemptsLeft: 4 })],
    });
    flow.delete(MESSAGE);
    await flow.enterPin('1111');
    await flow.enterPin('8264');
    expect(flow.state.step).to.equal('confirm-delete');
    expect(played.filter((p) => p.startsWith('prepare'))).to.deep.equal([]);
    flow.close();
    played.length = 0;
    flow.listen(MESSAGE);
    await flow.enterPin('123');
    expect(played).to.deep.equal(['close'], 'a PIN refused before sending readies nothing');
    await flow.enterPin('8264');
    expect(played).to.deep.equal([
      'close',
      'prepare (unlock requests so far: 3)',
      `start m1 ${sessionFixture().sessionId}`,
    ]);
  });

  it('a listen sends the id the player was readied for, a new one each time; a delete and the phone send none', async () => {
    const { flow, sentIds, preparedIds } = setup({
      refusals: [new ApiRequestError(403, ErrorCode.PinWrong, 'wrong', { attemptsLeft: 4 })],
    });
    flow.listen(MESSAGE);
    await flow.enterPin('1111');
    await flow.enterPin('8264');
    expect(preparedIds).to.have.length(2);
    expect(sentIds).to.deep.equal(preparedIds);
    expect(preparedIds[0]).to.not.equal(preparedIds[1], 'a refused id is not sent again');
    flow.close();
    flow.delete(MESSAGE);
    await flow.enterPin('8264');
    expect(sentIds).to.have.length(3);
    expect(sentIds[2]).to.equal(undefined);

    const phone = setup({ withPlayer: false });
    phone.flow.listen(MESSAGE);
    await phone.flow.enterPin('8264');
    expect(phone.sentIds).to.deep.equal([undefined]);
  });

  it('trying again from the player plays the same session again, without the PIN', async () => {
    const { flow, calls, played } = setup();
    flow.listen(MESSAGE);
    await flow.enterPin('8264');
    played.length = 0;
    await flow.retryPlayback();
    expect(played).to.deep.equal([`start m1 ${sessionFixture().sessionId}`]);
    expect(calls).to.have.length(1, 'no second unlock');
    flow.close();
    played.length = 0;
    await flow.retryPlayback();
    expect(played).to.deep.equal([], 'nothing to try again once the player is closed');
  });

  it('a refused PIN lets the player made ready go; backing out while the PIN is checked plays nothing', async () => {
    const { flow, played, calls } = setup({
      refusals: [new ApiRequestError(403, ErrorCode.PinWrong, 'wrong', { attemptsLeft: 4 })],
    });
    flow.listen(MESSAGE);
    played.length = 0;
    await flow.enterPin('1111');
    expect(played).to.deep.equal(['prepare (unlock requests so far: 1)', 'close']);
    expect(flow.state).to.include({ step: 'pin', error: 'Wrong PIN — 4 tries left' });

    played.length = 0;
    const answering = flow.enterPin('8264');
    flow.close();
    await answering;
    expect(calls).to.have.length(2, 'the PIN was sent');
    expect(flow.state.step).to.equal('closed');
    expect(played).to.deep.equal(['prepare (unlock requests so far: 2)', 'close']);
  });

  it('says a refusal in the PIN wording, and anything else as a plain failure', async () => {
    const { flow } = setup({
      refusals: [
        new ApiRequestError(403, ErrorCode.PinWrong, 'wrong', { attemptsLeft: 2 }),
        new TypeError('Failed to fetch'),
      ],
    });
    flow.delete(MESSAGE);
    await flow.enterPin('1111');
    expect(flow.state).to.include({ step: 'pin', intent: 'delete', error: 'Wrong PIN — 2 tries left' });
    await flow.enterPin('1111');
    expect(flow.state).to.include({ step: 'pin', busy: false, error: 'That did not work — try again' });
  });

  it('with a session the device holds, Play and Delete go straight on, without the PIN', async () => {
    const { flow, calls, steps } = setup({ held: () => sessionFixture(), withPlayer: false });
    flow.listen(MESSAGE);
    expect(flow.state).to.deep.include({ step: 'playing', session: sessionFixture() });
    flow.deleteFromPlayer();
    expect(flow.state).to.include({ step: 'confirm-delete', busy: false });
    await flow.confirmDelete();
    expect(flow.state).to.include({ step: 'done', text: 'Message from Jane deleted' });
    flow.close();
    flow.delete(MESSAGE);
    expect(flow.state.step).to.equal('confirm-delete');
    expect(calls).to.deep.equal([`delete m1 ${sessionFixture().sessionId}`]);
    expect(steps).to.deep.equal([
      'closed',
      'playing',
      'confirm-delete',
      'confirm-delete',
      'done',
      'closed',
      'confirm-delete',
    ]);
  });

  it('deleting from the player asks for the PIN when the held session has run out meanwhile', () => {
    let held: UnlockResponse | null = sessionFixture();
    const { flow } = setup({ held: () => held, withPlayer: false });
    flow.listen(MESSAGE);
    expect(flow.state.step).to.equal('playing');
    held = null;
    flow.deleteFromPlayer();
    expect(flow.state).to.include({ step: 'pin', intent: 'delete', error: null });
  });

  it('a session that ended before the delete was confirmed asks for the PIN again', async () => {
    const { flow, calls } = setup({
      deleteRefusal: new ApiRequestError(401, ErrorCode.SessionInvalid, 'session ended'),
    });
    flow.delete(MESSAGE);
    await flow.enterPin('8264');
    expect(flow.state.step).to.equal('confirm-delete');
    await flow.confirmDelete();
    expect(flow.state).to.include({
      step: 'pin',
      intent: 'delete',
      length: 0,
      busy: false,
      error: 'Enter the PIN again',
    });
    expect(calls).to.deep.equal(['unlock m1 8264 delete', `delete m1 ${sessionFixture().sessionId}`]);
  });

  it('a delete the server refuses otherwise stays on the question, in words', async () => {
    const { flow } = setup({
      deleteRefusal: new ApiRequestError(503, ErrorCode.CarrierUnavailable, 'carrier down'),
    });
    flow.delete(MESSAGE);
    await flow.enterPin('8264');
    await flow.confirmDelete();
    expect(flow.state).to.include({
      step: 'confirm-delete',
      busy: false,
      error: 'Voicemail is not answering — try again',
    });
  });
});
