import { expect } from 'chai';
import type { OfferedDevice, PolicyConfig } from '../../../protocol/index.ts';
import { configOf, draftConfig, firstRule } from './draft-rules.ts';

const device = (id: string, kind: 'phone' | 'stb'): OfferedDevice => ({
  id,
  kind,
  name: id,
  phoneNumber: kind === 'phone' ? '5055551212' : null,
  room: null,
  ownerName: 'Mary',
});

describe('rules editor: the configuration as typed', () => {
  function setup(): PolicyConfig {
    const rule = firstRule([device('stb-den', 'stb'), device('phone-mary', 'phone')]);
    return {
      timeZone: 'America/Denver',
      callerIdOnTv: true,
      relationships: [
        { ...rule, blockedCallers: ['5055551313', '5055551414'], allowOnlyCallers: ['5055559999'] },
      ],
      privacy: { 'stb-den': { level: 'number-only', privateCallers: ['5055558888'] } },
    };
  }

  it('a fresh rule is the first phone’s voicemail to the first TV, at any time', () => {
    expect(firstRule([device('stb-den', 'stb'), device('phone-mary', 'phone')])).to.deep.include({
      id: 'rule-1',
      sourceDeviceId: 'phone-mary',
      targetDeviceId: 'stb-den',
      contentTypes: ['voicemail'],
      windows: [],
      stopped: false,
    });
  });

  it('shows caller lists as formatted text, a number a line, and reads them back as numbers', () => {
    const config = setup();
    const draft = draftConfig(config);
    expect(draft.rules[0]).to.include({
      blockedText: '505-555-1313\n505-555-1414',
      allowOnly: true,
      allowText: '505-555-9999',
    });
    expect(draft.privacy['stb-den']).to.deep.equal({ level: 'number-only', privateText: '505-555-8888' });
    draft.rules[0]!.blockedText = '505-555-1313, 505-555-2020;\n\n505-555-3030';
    expect(configOf(draft).relationships[0]!.blockedCallers).to.deep.equal([
      '505-555-1313',
      '505-555-2020',
      '505-555-3030',
    ]);
  });

  it('"only from these numbers" off is no allow list; a TV that shows everything of everyone is left out', () => {
    const draft = draftConfig(setup());
    draft.rules[0]!.allowOnly = false;
    draft.privacy['stb-den'] = { level: 'name-and-number', privateText: '  ' };
    draft.privacy['stb-bedroom'] = { level: 'name-and-number', privateText: '505-555-7070' };
    const config = configOf(draft);
    expect(config.relationships[0]!.allowOnlyCallers).to.equal(null);
    expect(config.privacy).to.deep.equal({
      'stb-bedroom': { level: 'name-and-number', privateCallers: ['505-555-7070'] },
    });
    expect(config).to.include({ timeZone: 'America/Denver', callerIdOnTv: true });
  });
});
