import { MOCK_CREDENTIALS, voicemailFixture } from '../../mocks/fixtures.ts';
import type { KeyName, PlatformCapabilities } from '../../platform-adapters/contract/index.ts';
import type { EventData, VoicemailMessage } from '../../protocol/index.ts';
import { startMockPush } from './mock-push.ts';
import { visibleTexts } from './scene.ts';
import { startTestTv } from './tv.ts';
import { waitFor } from './wait.ts';

/**
 * The TV with a viewer at its remote: the msw mock with `messages` in Mary's mailbox, the TV online and synced,
 * and the keys to press. `cleanups` gets what to undo after the test. `alert` pushes a voicemail alert and waits
 * for it on screen; `shows` waits for a text to be drawn.
 */
export async function startRemoteTv(
  cleanups: (() => unknown)[],
  options: { messages: VoicemailMessage[]; capabilities?: Partial<PlatformCapabilities> },
) {
  const mock = await startMockPush('empty');
  cleanups.push(mock.stop);
  for (const message of options.messages) mock.voicemail.add(message);
  const tv = await startTestTv({ capabilities: options.capabilities ?? {} });
  cleanups.push(tv.stop);
  await waitFor(() => tv.app.push?.state === 'online', 'online');
  await waitFor(() => tv.app.inbox?.sync$.value === 'synced', 'the first sync');
  let alerts = 0;
  const press = (...keys: KeyName[]) => keys.forEach((key) => tv.adapter.press(key));
  const texts = () => visibleTexts(tv.app.root);
  const shows = (text: string, what: string, timeoutMs?: number) =>
    waitFor(() => texts().includes(text), what, timeoutMs);
  const alert = async (data: EventData<'voicemail.new'> = voicemailFixture('m1')) => {
    mock.gateway.publish(MOCK_CREDENTIALS.deviceId, 'voicemail.new', `voicemail.new:${++alerts}`, data);
    await waitFor(() => texts().some((t) => t.startsWith(`Voice mail from ${data.callerName}`)), 'the alert');
  };
  return { ...mock, ...tv, press, texts, shows, alert };
}
