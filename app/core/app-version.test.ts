import { expect } from 'chai';
import { APP_VERSION } from './app-version.ts';

describe('APP_VERSION', () => {
  it("is package.json's version", async () => {
    const manifest = (await (await fetch('/package.json')).json()) as { version: string };
    expect(APP_VERSION).to.equal(manifest.version);
  });
});
