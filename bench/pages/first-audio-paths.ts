/**
 * The ways bench/pages/first-audio.ts can play a message, shared by the page and bench/play-first-audio.ts:
 *   player:  the TV app's player as it picks itself (MSE-fed on engines that have it)
 *   element: the engine's own `<audio>` on the streamed URL, as before MSE feeding
 *   naive:   download the whole transcoded file, then play it
 */
export const FIRST_AUDIO_PATHS = ['player', 'element', 'naive'] as const;
export type FirstAudioPath = (typeof FIRST_AUDIO_PATHS)[number];
