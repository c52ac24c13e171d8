import { expect } from 'chai';
import { alertDetail, alertTitle } from './voicemail-alert.ts';

describe('voicemail alert text', () => {
  it('reads "Voice mail from Jane 505-555-1313"', () => {
    expect(alertTitle({ callerName: 'Jane', callerNumber: '5055551313' })).to.equal(
      'Voice mail from Jane 505-555-1313',
    );
  });

  it('degrades without a name or a number', () => {
    expect(alertTitle({ callerName: '', callerNumber: '5055551313' })).to.equal(
      'Voice mail from 505-555-1313',
    );
    expect(alertTitle({ callerName: 'Jane', callerNumber: '' })).to.equal('Voice mail from Jane');
    expect(alertTitle({ callerName: '  ', callerNumber: '' })).to.equal('New voice mail');
  });

  it('keeps markup in a caller name as literal text', () => {
    expect(alertTitle({ callerName: '<img src=x onerror=alert(1)>', callerNumber: '' })).to.equal(
      'Voice mail from <img src=x onerror=alert(1)>',
    );
  });

  it('shows whose mailbox and the length', () => {
    expect(alertDetail({ mailboxOwner: 'Mary', durationSec: 42.4 })).to.equal('For Mary · 0:42');
    expect(alertDetail({ mailboxOwner: '', durationSec: 125 })).to.equal('2:05');
  });
});
