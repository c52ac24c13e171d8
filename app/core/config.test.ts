import { expect } from 'chai';
import { readConfig } from './config.ts';

/** The TV app's settings from a page URL, as a set-top box or the emulator loads `tv.html`. */
const fromUrl = (url: string) => readConfig(new URL(url), {});

describe('the TV app’s settings from its URL', () => {
  // README: a text waits an hour for an offline phone; `?textWaitMinutes=` on the TV's URL sets the wait.
  it('a text waits 60 minutes unless ?textWaitMinutes= says how long', () => {
    expect(fromUrl('http://127.0.0.1:8080/tv.html?device=stb-living-room').textWaitMinutes).to.equal(60);
    expect(fromUrl('http://127.0.0.1:8080/tv.html?textWaitMinutes=5').textWaitMinutes).to.equal(5);
    expect(fromUrl('http://127.0.0.1:8080/tv.html?textWaitMinutes=1440').textWaitMinutes).to.equal(1440);
  });

  // The relay takes 1 to 1,440 whole minutes (protocol/texts.ts): anything else would be refused with the text.
  it('a wait the relay would refuse is not used: the hour stands', () => {
    for (const wait of ['0', '-5', '2.5', '1441', 'ten', '']) {
      expect(fromUrl(`http://127.0.0.1:8080/tv.html?textWaitMinutes=${wait}`).textWaitMinutes, wait).to.equal(
        60,
      );
    }
  });
});
