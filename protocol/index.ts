export * from './errors.ts';
export * from './phone-number.ts';
export * from './events.ts';
export * from './channel.ts';
export * from './rest.ts';
export * from './voicemail.ts';
export * from './policy.ts';
export * from './accounts.ts';
