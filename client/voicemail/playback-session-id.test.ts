import { expect } from 'chai';
import * as v from 'valibot';
import { PlaybackSessionId } from '../../protocol/index.ts';
import { newPlaybackSessionId } from './playback-session-id.ts';

describe('newPlaybackSessionId', () => {
  it('makes ids the server accepts, never the same twice', () => {
    const ids = new Set(Array.from({ length: 200 }, newPlaybackSessionId));
    expect(ids.size).to.equal(200);
    for (const id of ids) expect(v.is(PlaybackSessionId, id), id).to.equal(true);
  });
});
