import { expect } from 'chai';
import { ListenFlow, type ListenState } from '../../client/voicemail/listen-flow.ts';
import { messageFixture } from '../../mocks/fixtures.ts';
import { pinLocked, pinWrong } from '../../mocks/mock-voicemail.ts';
import { startPlaybackRig } from '../helpers/playback-rig.ts';
import { waitFor } from '../helpers/wait.ts';

describe('listen flow: Listen → PIN → play; Delete → PIN → confirm → deleted', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup() {
    const rig = await startPlaybackRig();
    cleanups.push(rig.stop);
    const flow = new ListenFlow({ api: rig.api, playback: rig.playback });
    cleanups.push(() => flow.close());
    const steps: ListenState['step'][] = [];
    flow.state$.subscribe((s) => steps.push(s.step));
    return { ...rig, flow, steps };
  }

  const type = (flow: ListenFlow, pin: string) => [...pin].forEach((d) => flow.typeDigit(Number(d)));

  it('a wrong PIN shows the tries left and keeps the screen; the right one plays', async () => {
    const { flow, playback } = await setup();
    flow.listen(messageFixture('m1'));
    type(flow, '1111');
    expect(flow.state).to.include({ step: 'pin', length: 4 });
    await flow.submitPin();
    expect(flow.state).to.include({ step: 'pin', length: 0, error: 'Wrong PIN — 4 tries left' });
    type(flow, '8264');
    await flow.submitPin();
    expect(flow.state.step).to.equal('playing');
    await waitFor(() => playback.status$.value.state === 'playing', 'audio');
  });

  it('five wrong PINs end in "Locked — try again in 15 minutes"', async () => {
    const { flow, voicemail } = await setup();
    // The server's answers to five wrong PINs (its count: server/voicemail/voicemail-actions.test.ts).
    voicemail.unlockRefusals.push(...[4, 3, 2, 1].map(pinWrong), pinLocked(900));
    flow.listen(messageFixture('m1'));
    for (let i = 0; i < 5; i++) {
      type(flow, '1111');
      await flow.submitPin();
    }
    expect(flow.state).to.include({ step: 'pin', error: 'Locked — try again in 15 minutes' });
  });

  it('too few digits are refused without a request; erase removes the last digit', async () => {
    const { flow } = await setup();
    flow.listen(messageFixture('m1'));
    type(flow, '82');
    flow.eraseDigit();
    expect(flow.state).to.include({ length: 1 });
    await flow.submitPin();
    expect(flow.state).to.include({ step: 'pin', error: 'Enter 4 to 10 digits' });
    type(flow, '12345678901234');
    expect(flow.state).to.include({ length: 10 });
  });

  it('delete asks for the PIN, then to confirm, then says "Message from Jane deleted"', async () => {
    const { flow, voicemail, steps } = await setup();
    flow.delete(messageFixture('m1'));
    type(flow, '8264');
    await flow.submitPin();
    expect(flow.state.step).to.equal('confirm-delete');
    expect(voicemail.deleted).to.deep.equal([], 'nothing is deleted before the confirmation');
    await flow.confirmDelete();
    expect(flow.state).to.deep.include({ step: 'done', text: 'Message from Jane deleted' });
    expect(voicemail.deleted).to.deep.equal(['m1']);
    expect(steps).to.deep.equal([
      'closed',
      'pin',
      'pin',
      'pin',
      'pin',
      'pin',
      'pin',
      'confirm-delete',
      'confirm-delete',
      'done',
    ]);
  });

  it('deleting from the player stops playback and gives the programme its sound back first', async () => {
    const { flow, playback, adapter } = await setup();
    flow.listen(messageFixture('m1'));
    type(flow, '8264');
    await flow.submitPin();
    await waitFor(() => adapter.programmeAudio.includes('ducked'), 'ducking');
    flow.deleteFromPlayer();
    expect(flow.state.step).to.equal('confirm-delete');
    expect(playback.audio).to.equal(null);
    await waitFor(() => adapter.programmeAudio.at(-1) === 'normal', 'the sound back');
  });

  it('a first listen streams into the player made ready while the PIN was checked', async () => {
    const { flow, playback, voicemail } = await setup();
    // As the backend serves a first listen: chunked while it is transcoded, no length.
    voicemail.audioUrls.set('m1', '/__stream/mocks/fixtures/audio/voicemail-8s-fragmented.m4a');
    const players = () => [...document.querySelectorAll('audio')];
    const before = players().length;
    flow.listen(messageFixture('m1'));
    type(flow, '8264');
    const sent = flow.submitPin();
    const readied = players().slice(before);
    expect(readied).to.have.length(1, 'one player, made while the PIN is on its way');
    await sent;
    await waitFor(() => playback.status$.value.state === 'playing', 'audio');
    expect(players().slice(before)).to.deep.equal(readied, 'the stream plays in the player made ready');
    flow.close();
    expect(players()).to.have.length(before, 'closing lets the player go');
  });

  it('later keeps the message new everywhere', async () => {
    const { flow, voicemail } = await setup();
    await flow.later(messageFixture('m1'));
    expect(voicemail.later).to.deep.equal(['m1']);
  });
});
