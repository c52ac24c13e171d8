/** The Web Speech API's synthesis, as far as the adapters use it. */
interface SpeechWindow {
  speechSynthesis?: Pick<SpeechSynthesis, 'speak' | 'cancel'>;
  SpeechSynthesisUtterance?: new (text: string) => SpeechSynthesisUtterance;
}

/**
 * Speaks `text` through the engine's `speechSynthesis`, where it has one (Chromium; on RDK, WPE built with the
 * operator's text-to-speech, which is what Lightning's own Announcer relies on); false where it has none. The text
 * is an utterance's plain text: a line that starts "Voice mail from …" is never an SSML document, whatever the
 * caller's name holds.
 */
export function speakWithSynthesis(win: Window, text: string, interrupt: boolean): boolean {
  const { speechSynthesis: synth, SpeechSynthesisUtterance: Utterance } = win as unknown as SpeechWindow;
  if (!synth || typeof Utterance !== 'function') return false;
  if (interrupt) synth.cancel();
  synth.speak(new Utterance(text));
  return true;
}
