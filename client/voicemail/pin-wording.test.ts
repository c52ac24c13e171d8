import { expect } from 'chai';
import { ErrorCode } from '../../protocol/index.ts';
import { pinErrorText } from './pin-wording.ts';

describe('PIN error texts', () => {
  it('say how many tries are left and how long a lock lasts', () => {
    expect(pinErrorText({ code: ErrorCode.PinWrong, details: { attemptsLeft: 3 } })).to.equal(
      'Wrong PIN — 3 tries left',
    );
    expect(pinErrorText({ code: ErrorCode.PinWrong, details: { attemptsLeft: 1 } })).to.equal(
      'Wrong PIN — 1 try left',
    );
    expect(pinErrorText({ code: ErrorCode.PinLocked, details: { retryAfterSec: 14 * 60 - 20 } })).to.equal(
      'Locked — try again in 14 minutes',
    );
    expect(pinErrorText({ code: ErrorCode.PinLocked, details: { retryAfterSec: 20 * 3600 } })).to.equal(
      'Locked — try again in 20 hours',
    );
    expect(pinErrorText({ code: ErrorCode.PinNotSet, details: undefined })).to.equal(
      'Choose a voicemail PIN on your phone first',
    );
  });
});
