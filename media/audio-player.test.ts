import { expect } from 'chai';
import { waitFor } from '../tests/helpers/wait.ts';
import type { AudioPlayer, AudioSource, PlayerState } from './audio-player.ts';
import { createAudioPlayer } from './create-audio-player.ts';
import { MediaErrorCode, type MediaError } from './errors.ts';

const FIXTURES = '/mocks/fixtures/audio';
const SOURCES: Record<string, AudioSource> = {
  // As the transcoder's cache serves it: a plain MP4 with its index first.
  progressive: { url: `${FIXTURES}/voicemail-8s.m4a`, kind: 'progressive', durationHint: 8 },
  // As a first listen streams it while transcoding: fragmented MP4.
  'progressive, streamed': {
    url: `${FIXTURES}/voicemail-8s-fragmented.m4a`,
    kind: 'progressive',
    durationHint: 8,
  },
  // The same, arriving while it is made: chunked, no length (MSE-fed where the engine can).
  'progressive, live': {
    url: `/__stream${FIXTURES}/voicemail-8s-fragmented.m4a`,
    kind: 'progressive',
    durationHint: 8,
  },
  hls: { url: `${FIXTURES}/hls/voicemail.m3u8`, kind: 'hls', durationHint: 8 },
};

/** `play()` never settles when media never loads (DESIGN.md §8): race it. */
function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} timed out`)), ms)),
  ]);
}

/**
 * Whether this engine has MSE for AAC in MP4, asked of the engine itself, not of the player's own check: a
 * MediaSource opened on an `<audio>` element either takes a SourceBuffer of that type or refuses it with
 * NotSupportedError (Media Source Extensions, `addSourceBuffer()`).
 */
async function engineHasMseForAac(): Promise<boolean> {
  if (typeof MediaSource === 'undefined') return false;
  const mediaSource = new MediaSource();
  const audio = document.createElement('audio');
  const url = URL.createObjectURL(mediaSource);
  try {
    const opened = new Promise<void>((resolve) =>
      mediaSource.addEventListener('sourceopen', () => resolve(), { once: true }),
    );
    audio.src = url;
    await withTimeout(opened, 5000, 'the MediaSource to open');
    mediaSource.addSourceBuffer('audio/mp4; codecs="mp4a.40.2"');
    return true;
  } catch (error) {
    if (error instanceof DOMException && error.name === 'NotSupportedError') return false;
    throw error;
  } finally {
    audio.removeAttribute('src');
    audio.load();
    URL.revokeObjectURL(url);
  }
}

/** The page's own requests for `url`, by their `x-couchline-test` header ('none' without it). */
function watchFetches(url: string) {
  const seen: string[] = [];
  const original = window.fetch.bind(window);
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const address = input instanceof Request ? input.url : input.toString();
    if (address.endsWith(url)) seen.push(new Headers(init?.headers).get('x-couchline-test') ?? 'none');
    return original(input, init);
  };
  return { seen, stop: () => (window.fetch = original) };
}

function setup(source: AudioSource) {
  const player = createAudioPlayer(source, document.body, { loadTimeoutMs: 4000 });
  const states: PlayerState[] = [];
  const errors: MediaError[] = [];
  let timeUpdates = 0;
  player.on('state-changed', ({ state }) => states.push(state));
  player.on('error', ({ error }) => errors.push(error));
  player.on('time-updated', () => timeUpdates++);
  return { player, states, errors, timeUpdates: () => timeUpdates };
}

async function playing(player: AudioPlayer, source: AudioSource) {
  await player.load(source);
  await withTimeout(player.play(), 8000, 'play()');
  await waitFor(() => player.currentTime > 0.3, 'the clock to advance', 8000);
}

for (const [name, source] of Object.entries(SOURCES)) {
  describe(`AudioPlayer (${name} AAC made from AMR)`, () => {
    let current: AudioPlayer | undefined;
    afterEach(() => current?.destroy());

    it('plays real audio: the clock advances and the length is known', async () => {
      const { player, states, timeUpdates } = setup(source);
      current = player;
      await player.load(source);
      expect(player.duration).to.equal(8, 'the hint stands in before the engine knows');
      await playing(player, source);
      expect(player.state).to.equal('playing');
      expect(states).to.include.members(['loading', 'playing']);
      expect(timeUpdates()).to.be.greaterThan(0);
      expect(player.duration).to.equal(8, 'the carrier’s exact length, not an engine estimate');
    });

    it('pause stops the clock and play resumes it', async () => {
      const { player } = setup(source);
      current = player;
      await playing(player, source);
      player.pause();
      await waitFor(() => player.state === 'paused', 'paused');
      const at = player.currentTime;
      await new Promise((r) => setTimeout(r, 400));
      expect(player.currentTime).to.be.closeTo(at, 0.05);
      await withTimeout(player.play(), 5000, 'resume');
      await waitFor(() => player.currentTime > at + 0.2, 'the clock to advance again', 5000);
    });

    it('fast-forward and rewind are seeks that stay within the message', async () => {
      const { player } = setup(source);
      current = player;
      await playing(player, source);
      player.seekTo(5);
      await waitFor(() => Math.abs(player.currentTime - 5) < 0.5, 'the seek to 5 s', 5000);
      player.seekBy(-10);
      await waitFor(() => player.currentTime < 0.6, 'the rewind to the start', 5000);
      player.seekBy(100);
      await waitFor(() => player.currentTime > 7.5, 'the jump to the end', 5000);
      expect(player.currentTime).to.be.at.most(player.duration);
    });

    it('stop rewinds to the start', async () => {
      const { player } = setup(source);
      current = player;
      await playing(player, source);
      player.stop();
      expect(player.state).to.equal('stopped');
      expect(player.currentTime).to.equal(0);
    });

    it('a missing file is a fatal error event, not a hang', async () => {
      const missing = {
        ...source,
        url: source.url.replace(/[^/]+$/, 'no-such-file.' + (name === 'hls' ? 'm3u8' : 'm4a')),
      };
      const { player, errors } = setup(missing);
      current = player;
      await player.load(missing);
      void player.play().catch(() => undefined);
      await waitFor(() => errors.length > 0, 'an error event', 8000);
      expect(errors[0]!.fatal).to.equal(true);
      expect([MediaErrorCode.LoadFailed, MediaErrorCode.NotSupported]).to.include(errors[0]!.code);
      expect(player.state).to.equal('error');
    });
  });
}

describe('AudioPlayer for a first listen that is still being made', () => {
  it('is fed through MSE where the engine has it for AAC in MP4, and plays to the end', async () => {
    const source = SOURCES['progressive, live']!;
    const engineHasMse = await engineHasMseForAac();
    const { player, states } = setup(source);
    try {
      await playing(player, source);
      const element = [...document.querySelectorAll('audio')].at(-1)!;
      expect(element.src.startsWith('blob:')).to.equal(
        engineHasMse,
        'MSE-fed exactly where the engine supports it',
      );
      player.seekTo(7.5);
      await waitFor(() => player.state === 'ended', 'the end', 8000);
      expect(states).to.include('ended');
    } finally {
      player.destroy();
    }
  });
});

describe('AudioPlayer made ready before its address is known (a first listen while the PIN is checked)', () => {
  it('a stream still being made plays through the MediaSource opened beforehand', async () => {
    const source = SOURCES['progressive, live']!;
    const engineHasMse = await engineHasMseForAac();
    const { player, errors } = setup(source);
    try {
      player.prepare();
      const element = [...document.querySelectorAll('audio')].at(-1)!;
      const openedBefore = element.src;
      expect(openedBefore.startsWith('blob:')).to.equal(engineHasMse, 'opened ahead exactly where MSE is');
      await playing(player, source);
      if (engineHasMse)
        expect(element.src).to.equal(openedBefore, 'the stream went into the same MediaSource');
      player.seekTo(7.5);
      await waitFor(() => player.state === 'ended', 'the end', 8000);
      expect(errors).to.deep.equal([]);
    } finally {
      player.destroy();
    }
  });

  /**
   * Prepares a player with `source` asked for early under an `x-couchline-test` header, plays it, and returns the
   * requests the page made for its address (by that header; 'none' without it).
   */
  async function playAskedEarly(source: AudioSource, header: string): Promise<string[]> {
    const requests = watchFetches(source.url);
    const { player, errors } = setup(source);
    try {
      player.prepare({ ...source, headers: { 'x-couchline-test': header } });
      await playing(player, source);
      expect(errors).to.deep.equal([]);
      return requests.seen;
    } finally {
      requests.stop();
      player.destroy();
    }
  }

  it('a stream asked for while the PIN is checked is the one the load plays: one request, with its headers', async () => {
    const engineHasMse = await engineHasMseForAac();
    const seen = await playAskedEarly(SOURCES['progressive, live']!, 'early');
    // An engine without MSE loads through its element, which asks by itself and cannot send headers.
    expect(seen).to.deep.equal(engineHasMse ? ['early'] : []);
  });

  it('an early request refused (its wait for the PIN ran out) is asked again when the load comes', async () => {
    const engineHasMse = await engineHasMseForAac();
    // An address of its own: the test server answers an address it has served before from its cache. It answers
    // 401 to a request with this header, as the backend does to a session it never saw.
    const live = SOURCES['progressive, live']!;
    const seen = await playAskedEarly({ ...live, url: `${live.url}?early=refused` }, 'refuse');
    expect(seen).to.deep.equal(engineHasMse ? ['refuse', 'none'] : []);
  });

  it('a finished file (a second listen) still plays from its address, the prepared source let go', async () => {
    const source = SOURCES['progressive']!;
    const { player, errors } = setup(source);
    try {
      player.prepare();
      await playing(player, source);
      const element = [...document.querySelectorAll('audio')].at(-1)!;
      expect(element.src.endsWith(source.url)).to.equal(true, element.src);
      expect(player.duration).to.be.closeTo(8, 0.1);
      expect(errors).to.deep.equal([]);
    } finally {
      player.destroy();
    }
  });
});

describe('AudioPlayer errors', () => {
  it('without a length from the carrier, the engine’s own length is used', async () => {
    const source: AudioSource = { url: `${FIXTURES}/hls/voicemail.m3u8`, kind: 'hls' };
    const { player } = setup(source);
    await playing(player, source);
    expect(player.duration).to.be.closeTo(8.04, 0.1);
    player.destroy();
  });

  it('bytes that are not audio surface as a fatal error event', async () => {
    const source: AudioSource = { url: `${FIXTURES}/not-audio.m4a`, kind: 'progressive' };
    const { player, errors } = setup(source);
    await player.load(source);
    void player.play().catch(() => undefined);
    await waitFor(() => errors.length > 0, 'an error event', 8000);
    expect(errors[0]!.fatal).to.equal(true);
    // Chromium reports the bytes as unsupported; WPE never answers, and the load watchdog reports it.
    expect([MediaErrorCode.DecodeFailed, MediaErrorCode.NotSupported, MediaErrorCode.LoadFailed]).to.include(
      errors[0]!.code,
    );
    player.destroy();
  });
});
