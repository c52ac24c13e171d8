/**
 * A playback session id of the device's own (`UnlockRequest.sessionId`): 24 random bytes in base64url, as hard to
 * guess as the ones the server makes, because knowing it releases the audio once the PIN is accepted.
 */
export function newPlaybackSessionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_');
}
