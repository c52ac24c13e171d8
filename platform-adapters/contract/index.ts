export * from './keys.ts';
export * from './platform-adapter.ts';
export { PlatformEmitter } from './emitter.ts';
