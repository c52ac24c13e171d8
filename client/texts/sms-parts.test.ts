import { expect } from 'chai';
import { countSms, smsCountText } from './sms-parts.ts';

describe('SMS parts (3GPP TS 23.038 / 23.040)', () => {
  it('counts a GSM-7 text in septets: 160 in one SMS, then 153 a part', () => {
    expect(countSms('')).to.include({ encoding: 'gsm7', units: 0, parts: 0 });
    expect(countSms('a'.repeat(160))).to.include({ encoding: 'gsm7', units: 160, parts: 1 });
    expect(countSms('a'.repeat(161))).to.include({ units: 161, parts: 2 });
    expect(countSms('a'.repeat(306))).to.include({ parts: 2 });
    expect(countSms('a'.repeat(307))).to.include({ parts: 3 });
  });

  it('takes the whole default alphabet as GSM-7, and its extension characters as two septets', () => {
    expect(countSms('@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà\n\r')).to.include({ encoding: 'gsm7' });
    expect(countSms('€')).to.include({ encoding: 'gsm7', units: 2, parts: 1 });
    expect(countSms('[]{}|^~\\')).to.include({ encoding: 'gsm7', units: 16 });
    // 159 septets and one € (two) is 161: two parts.
    expect(countSms(`${'a'.repeat(159)}€`)).to.include({ units: 161, parts: 2 });
  });

  it('never splits an escape pair between parts', () => {
    // 152 septets, then € (2): the pair goes whole into the second part, so 306 septets need a third.
    expect(countSms(`${'a'.repeat(152)}€${'a'.repeat(152)}`)).to.include({ units: 306, parts: 3 });
    expect(countSms('a'.repeat(306))).to.include({ parts: 2 });
  });

  it('sends a text with any other character as UCS-2: 70 in one SMS, then 67 a part', () => {
    expect(countSms('Watching TV — I’ll call you back')).to.include({ encoding: 'ucs2', parts: 1 });
    expect(countSms('é'.repeat(69) + 'ł')).to.include({ encoding: 'ucs2', units: 70, parts: 1 });
    expect(countSms('ł'.repeat(71))).to.include({ units: 71, parts: 2 });
    expect(countSms('ł'.repeat(134))).to.include({ parts: 2 });
    expect(countSms('ł'.repeat(135))).to.include({ parts: 3 });
    // A character outside the BMP is two units, kept in one part.
    expect(countSms(`${'ł'.repeat(66)}😀`)).to.include({ units: 68, parts: 1 });
    expect(countSms(`${'ł'.repeat(66)}😀${'ł'.repeat(3)}`)).to.include({ units: 71, parts: 2 });
  });

  it('says the count in words for the compose screen', () => {
    expect(smsCountText('Got it, thanks!')).to.equal('15 / 160 · 1 SMS');
    expect(smsCountText('a'.repeat(170))).to.equal('170 characters · 2 SMS (153 each)');
    expect(smsCountText('Can’t talk')).to.equal('10 / 70 (special characters) · 1 SMS');
  });
});
