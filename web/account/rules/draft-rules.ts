import {
  formatPhoneNumber,
  openRelationship,
  type OfferedDevice,
  type PolicyConfig,
  type PrivacyLevel,
  type Relationship,
} from '../../../protocol/index.ts';

/** A rule as typed: caller lists are text until the configuration is read (one number per line). */
export interface DraftRule extends Omit<Relationship, 'blockedCallers' | 'allowOnlyCallers'> {
  blockedText: string;
  allowOnly: boolean;
  allowText: string;
}

/** How much one TV shows of who called, as typed. */
export interface DraftPrivacy {
  level: PrivacyLevel;
  privateText: string;
}

/** The rules editor's state for one configuration: what the person sees and types. */
export interface DraftConfig {
  timeZone: string;
  callerIdOnTv: boolean;
  rules: DraftRule[];
  privacy: Record<string, DraftPrivacy>;
}

/** A fresh rule: the first phone's voicemail to the first TV, at any time. */
export function firstRule(devices: readonly OfferedDevice[], id = 'rule-1'): Relationship {
  return openRelationship(
    id,
    devices.find((d) => d.kind === 'phone')?.id ?? '',
    devices.find((d) => d.kind === 'stb')?.id ?? '',
  );
}

/** A rule as the editor shows it: its caller lists as text, a number a line. */
export function draftRule(rule: Relationship): DraftRule {
  return {
    ...rule,
    blockedText: rule.blockedCallers.map(formatPhoneNumber).join('\n'),
    allowOnly: rule.allowOnlyCallers !== null,
    allowText: (rule.allowOnlyCallers ?? []).map(formatPhoneNumber).join('\n'),
  };
}

/** A configuration (a new one, or the joint account's current one) as the editor shows it. */
export function draftConfig(config: PolicyConfig): DraftConfig {
  return {
    timeZone: config.timeZone,
    callerIdOnTv: config.callerIdOnTv,
    rules: config.relationships.map(draftRule),
    privacy: Object.fromEntries(
      Object.entries(config.privacy).map(([id, p]) => [
        id,
        { level: p.level, privateText: p.privateCallers.map(formatPhoneNumber).join('\n') },
      ]),
    ),
  };
}

/**
 * The configuration as typed, not yet validated (the page validates it with protocol/'s schema): caller lists split
 * into numbers, and a TV that shows everything of everyone left out of the privacy settings.
 */
export function configOf(draft: DraftConfig): PolicyConfig {
  const privacy: PolicyConfig['privacy'] = {};
  for (const [id, p] of Object.entries(draft.privacy)) {
    if (p.level === 'name-and-number' && !p.privateText.trim()) continue;
    privacy[id] = { level: p.level, privateCallers: numbers(p.privateText) };
  }
  return {
    timeZone: draft.timeZone,
    callerIdOnTv: draft.callerIdOnTv,
    relationships: draft.rules.map(({ blockedText, allowOnly, allowText, ...rule }) => ({
      ...rule,
      blockedCallers: numbers(blockedText),
      allowOnlyCallers: allowOnly ? numbers(allowText) : null,
    })),
    privacy,
  };
}

/** The numbers in a typed list: one a line, or separated by commas or semicolons. */
function numbers(text: string): string[] {
  return text
    .split(/[\n,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}
