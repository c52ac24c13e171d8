/**
 * A playback session id of the device's own (`UnlockRequest.sessionId`): 24 random bytes in base64url, as hard to
 * guess as the ones the server makes, because knowing it releases the audio once the PIN is accepted.
 */
export function newPlaybackSessionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  // replace with /g, not replaceAll: Tizen 5.5 and webOS 5 run Chromium 68–69, which lacks it.
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}
