import { expect } from 'chai';
import { ErrorCode } from '../../protocol/index.ts';
import { isTransientFailure, playbackFailureText } from './playback-failure-text.ts';

describe('playbackFailureText', () => {
  it('names a broken message with its reason, and a busy backend as "try again"', () => {
    expect(playbackFailureText('truncated')).to.equal("This message can't be played (truncated)");
    expect(playbackFailureText(null)).to.equal("This message can't be played");
    for (const code of [ErrorCode.TranscoderUnavailable, ErrorCode.CarrierUnavailable]) {
      expect(playbackFailureText(code)).to.equal(
        "This message can't be played right now — try again in a minute",
      );
      expect(isTransientFailure(code)).to.equal(true);
    }
    for (const failure of ['truncated', 'corrupt', ErrorCode.SessionInvalid, null]) {
      expect(isTransientFailure(failure), String(failure)).to.equal(false);
    }
  });
});
