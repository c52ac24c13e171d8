/** A Luna service call as webOSTV.js makes it (`webOS.service.request`). */
export type LunaCall = (
  uri: string,
  options: {
    method: string;
    parameters?: Record<string, unknown>;
    onSuccess?: (result: Record<string, unknown>) => void;
    onFailure?: (error: { errorText?: string }) => void;
  },
) => { cancel(): void };

/**
 * LG's Audio Guidance setting (Settings → Accessibility), read and watched through the settings service — as LG's
 * own Enact library does (`@enact/webos` speech/readAlert): category `option`, key `audioGuidance`, `'on'` or `'off'`.
 * Returns the subscription's cancel.
 */
export function watchAudioGuidance(request: LunaCall, onChange: (enabled: boolean) => void): () => void {
  const subscription = request('luna://com.webos.settingsservice', {
    method: 'getSystemSettings',
    parameters: { category: 'option', keys: ['audioGuidance'], subscribe: true },
    onSuccess: (result) => {
      const settings = result.settings as { audioGuidance?: unknown } | undefined;
      if (settings && 'audioGuidance' in settings) onChange(settings.audioGuidance === 'on');
    },
    onFailure: () => onChange(false),
  });
  return () => subscription.cancel();
}

/**
 * Speaks through the TV's text-to-speech service (`luna://com.webos.service.tts` `speak`, `clear` cutting off what
 * it was saying), as Enact's readAlert does; resolves to whether the service took the line.
 */
export function speakOnWebOs(request: LunaCall, text: string, interrupt: boolean): Promise<boolean> {
  return new Promise((resolve) => {
    request('luna://com.webos.service.tts', {
      method: 'speak',
      parameters: { text, clear: interrupt },
      onSuccess: () => resolve(true),
      onFailure: () => resolve(false),
    });
  });
}
