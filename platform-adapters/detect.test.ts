import { expect } from 'chai';
import { detectPlatform } from './detect.ts';
import { platformWindow } from './fakes/platform-window.ts';
import { DESKTOP_CHROME_UA, TIZEN_UAS, WEBOS_UAS, WPE_UA } from './fakes/user-agents.ts';
import { loadRdkAdapter, loadTizenAdapter, loadWebOsAdapter, selectAdapter } from './select-adapter.ts';
import { BrowserAdapter } from './browser/browser-adapter.ts';
import { TizenAdapter } from './tizen/tizen-adapter.ts';
import { WebOsAdapter } from './webos/webos-adapter.ts';

const detect = (userAgent: string, globals: Record<string, unknown> = {}, search = '') =>
  detectPlatform(platformWindow({ userAgent, globals, search }).win);

describe('platform detection', () => {
  for (const [version, ua] of Object.entries(TIZEN_UAS)) {
    it(`Samsung Tizen ${version} from its user agent`, () => expect(detect(ua)).to.equal('tizen'));
  }
  for (const [version, ua] of Object.entries(WEBOS_UAS)) {
    it(`LG webOS TV ${version} from its user agent`, () => expect(detect(ua)).to.equal('webos'));
  }

  it('RDK when Firebolt has a transport; a WPE browser without one is a browser', () => {
    expect(detect(WPE_UA)).to.equal('browser');
    expect(detect(WPE_UA, { __firebolt: { endpoint: 'ws://127.0.0.1:3474/jsonrpc' } })).to.equal('rdk');
    expect(detect(WPE_UA, { ServiceManager: { version: '1.0' } })).to.equal('rdk');
  });

  it("the platforms' globals count even with an unusual user agent", () => {
    expect(detect(DESKTOP_CHROME_UA, { tizen: { tvinputdevice: {} } })).to.equal('tizen');
    expect(detect(DESKTOP_CHROME_UA, { PalmSystem: {} })).to.equal('webos');
  });

  it('a desktop browser is a browser; ?platform= overrides for a launch URL', () => {
    expect(detect(DESKTOP_CHROME_UA)).to.equal('browser');
    expect(detect(DESKTOP_CHROME_UA, {}, '?platform=webos')).to.equal('webos');
    expect(detect(TIZEN_UAS['6.0 (2021)'], {}, '?platform=browser')).to.equal('browser');
    expect(detect(DESKTOP_CHROME_UA, {}, '?platform=nonsense')).to.equal('browser');
  });

  it('the factory builds the detected adapter, loading it on demand', async () => {
    const all = { rdk: loadRdkAdapter, tizen: loadTizenAdapter, webos: loadWebOsAdapter };
    const tizen = await selectAdapter(platformWindow({ userAgent: TIZEN_UAS['5.5 (2020)'] }).win, all);
    expect(tizen).to.be.instanceOf(TizenAdapter);
    const webos = await selectAdapter(platformWindow({ userAgent: WEBOS_UAS['22 (2022)'] }).win, all);
    expect(webos).to.be.instanceOf(WebOsAdapter);
    expect(await selectAdapter(platformWindow({ userAgent: DESKTOP_CHROME_UA }).win, all)).to.be.instanceOf(
      BrowserAdapter,
    );
  });

  it("a package holds its own platform's adapter only: on any other platform it runs as a browser", async () => {
    const webos = platformWindow({ userAgent: WEBOS_UAS['22 (2022)'] }).win;
    expect(await selectAdapter(webos, { tizen: loadTizenAdapter })).to.be.instanceOf(BrowserAdapter);
    expect(await selectAdapter(webos, { webos: loadWebOsAdapter })).to.be.instanceOf(WebOsAdapter);
  });
});
