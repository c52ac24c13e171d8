/**
 * The ways bench/pages/first-audio.ts can play a message, shared by the page and bench/play-first-audio.ts:
 *   player:  the TV app's player as it picks itself (MSE-fed on engines that have it), made ready and asking for
 *            the audio while the PIN is checked (a session id of its own sent with the PIN), as the TV's
 *            ListenFlow and VoicemailPlayback do
 *   element: the engine's own `<audio>` on the streamed URL, as before MSE feeding
 *   naive:   download the whole transcoded file, then play it
 */
export const FIRST_AUDIO_PATHS = ['player', 'element', 'naive'] as const;
export type FirstAudioPath = (typeof FIRST_AUDIO_PATHS)[number];

/**
 * Where a Play → first audio went, each step in milliseconds from the PIN request: the unlock answered (the PIN
 * checked at the carrier, the session opened), the audio's request answered (its first bytes ready at the server),
 * the engine had its header (loadedmetadata), it started playing; the clock left zero at `total`.
 */
export const FIRST_AUDIO_STEPS = ['unlocked', 'answered', 'metadata', 'playing'] as const;
export type FirstAudioStep = (typeof FIRST_AUDIO_STEPS)[number];
export interface FirstAudioSample {
  total: number;
  steps: Partial<Record<FirstAudioStep, number>>;
}
