import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import {
  ErrorCode,
  type ErrorBody,
  type PendingRequestList,
  type PresenceStatus,
  type ProfileList,
} from '../../protocol/index.ts';
import { DEMO } from '../seed.ts';
import { enrollPhone, startBackend, TestDevice, type Harness } from '../../tests/helpers/backend/harness.ts';

const { maryPhone, simonPhone, livingRoom, bedroom } = DEMO.devices;

describe('identity: presence, profiles, and a proxy’s master list', () => {
  let h: Harness;
  afterEach(() => h.close());

  async function call<T>(token: string, method: string, path: string, body?: unknown) {
    const res = await h.app.http.request(`/api/identity${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (res.status === 204 ? null : await res.json()) as T & ErrorBody };
  }
  const presence = (token: string, body: unknown) => call<PresenceStatus>(token, 'PUT', '/presence', body);
  const names = (list: ProfileList) => list.profiles.map((p) => p.name).sort();

  test('a presence command gives a profile: an opaque id and capabilities; again, the same id with new ones', async () => {
    h = await startBackend();
    const tv = await h.app.tokens.issue(livingRoom.id);
    const first = await presence(tv, { capabilities: ['display', 'audio'] });
    assert.equal(first.status, 200);
    assert.match(first.body.profile.profileId, /^prf_/);
    assert.ok(
      !first.body.profile.profileId.includes(livingRoom.id),
      'the profile id does not give the device id away',
    );
    const again = await presence(tv, { capabilities: ['display'] });
    assert.equal(again.body.profile.profileId, first.body.profile.profileId);
    assert.deepEqual(again.body.profile.capabilities, ['display']);
    assert.equal((await presence(tv, { capabilities: ['display', 'display'] })).status, 400);
    assert.equal((await presence('no-token', { capabilities: ['display'] })).status, 401);
  });

  test('the proxy is hidden until it authorizes the TV; asking tells it; its answer changes what the TV sees', async () => {
    h = await startBackend();
    const tvToken = await h.app.tokens.issue(livingRoom.id);
    const phoneToken = await h.app.tokens.issue(maryPhone.id);
    const phone = await TestDevice.connect(h.wsUrl, phoneToken);
    const tv = await TestDevice.connect(h.wsUrl, tvToken);
    const tvProfile = (await presence(tvToken, { capabilities: ['display', 'audio'] })).body.profile;
    await presence(phoneToken, { capabilities: ['sms', 'voice', 'display', 'audio'] });
    await presence(await h.app.tokens.issue(bedroom.id), { capabilities: ['display'] });
    assert.deepEqual(names((await call<ProfileList>(tvToken, 'GET', '/profiles')).body), ['Bedroom TV']);

    const asked = await call<{ askedProxies: number }>(tvToken, 'POST', '/requests', { capability: 'sms' });
    assert.equal(asked.body.askedProxies, 1);
    const prompt = await phone.next((f) => f.type === 'event' && f.name === 'capability.requested');
    assert.deepEqual(prompt.type === 'event' && prompt.data, {
      profileId: tvProfile.profileId,
      name: 'Living-room TV',
      capability: 'sms',
    });
    assert.deepEqual(
      (await call<PendingRequestList>(phoneToken, 'GET', '/requests')).body.requests.map((r) => r.name),
      ['Living-room TV'],
    );

    // Part of it: send, not receive.
    await presence(phoneToken, {
      capabilities: ['sms', 'voice', 'display', 'audio'],
      authorized: [{ profileId: tvProfile.profileId, scopes: ['send'] }],
    });
    await tv.next((f) => f.type === 'event' && f.name === 'profiles.changed');
    const seen = (await call<ProfileList>(tvToken, 'GET', '/profiles')).body.profiles;
    const proxy = seen.find((p) => p.name === "Mary's phone");
    assert.deepEqual([proxy?.capabilities.includes('sms'), proxy?.grantedToYou], [true, ['send']]);
    assert.deepEqual((await call<PendingRequestList>(phoneToken, 'GET', '/requests')).body.requests, []);

    // Asked again and declined ("none of it"): the request is gone, the TV told, the proxy still hidden.
    await presence(phoneToken, { capabilities: ['sms', 'voice', 'display', 'audio'], authorized: [] });
    await call(tvToken, 'POST', '/requests', { capability: 'sms' });
    const declined = await call(phoneToken, 'DELETE', `/requests/${tvProfile.profileId}`);
    assert.equal(declined.status, 204);
    assert.deepEqual((await call<PendingRequestList>(phoneToken, 'GET', '/requests')).body.requests, []);
    assert.equal((await call(phoneToken, 'DELETE', `/requests/${tvProfile.profileId}`)).status, 404);
    assert.equal((await call(tvToken, 'DELETE', `/requests/${tvProfile.profileId}`)).status, 404);
    assert.deepEqual(names((await call<ProfileList>(tvToken, 'GET', '/profiles')).body), ['Bedroom TV']);
    await tv.next((f) => f.type === 'event' && f.name === 'profiles.changed' && f.id.includes('declined'));

    // Revoked: hidden again at once.
    await presence(phoneToken, { capabilities: ['sms', 'voice', 'display', 'audio'], authorized: [] });
    assert.deepEqual(names((await call<ProfileList>(tvToken, 'GET', '/profiles')).body), ['Bedroom TV']);
    phone.socket.close();
    tv.socket.close();
  });

  test('a phone that gave copies only is asked again for sending; one that lets the TV send is not', async () => {
    h = await startBackend();
    const tvToken = await h.app.tokens.issue(livingRoom.id);
    const phoneToken = await h.app.tokens.issue(maryPhone.id);
    const phone = await TestDevice.connect(h.wsUrl, phoneToken);
    const tvProfile = (await presence(tvToken, { capabilities: ['display', 'audio'] })).body.profile;
    const phoneCapabilities = ['sms', 'voice', 'display', 'audio'];
    await presence(phoneToken, {
      capabilities: phoneCapabilities,
      authorized: [{ profileId: tvProfile.profileId, scopes: ['receive'] }],
    });
    const seen = (await call<ProfileList>(tvToken, 'GET', '/profiles')).body.profiles;
    assert.deepEqual(seen.find((p) => p.name === "Mary's phone")?.grantedToYou, ['receive']);

    const asked = await call<{ askedProxies: number }>(tvToken, 'POST', '/requests', { capability: 'sms' });
    assert.equal(asked.body.askedProxies, 1);
    await phone.next((f) => f.type === 'event' && f.name === 'capability.requested');
    assert.deepEqual(
      (await call<PendingRequestList>(phoneToken, 'GET', '/requests')).body.requests.map((r) => r.name),
      ['Living-room TV'],
    );

    await presence(phoneToken, {
      capabilities: phoneCapabilities,
      authorized: [{ profileId: tvProfile.profileId, scopes: ['send', 'receive'] }],
    });
    const again = await call<{ askedProxies: number }>(tvToken, 'POST', '/requests', { capability: 'sms' });
    assert.equal(again.body.askedProxies, 0);
    phone.socket.close();
  });

  test('a phone that answered a request with copies only is asked again, for sending, when the TV asks again', async () => {
    h = await startBackend();
    const tvToken = await h.app.tokens.issue(livingRoom.id);
    const phoneToken = await h.app.tokens.issue(maryPhone.id);
    const phone = await TestDevice.connect(h.wsUrl, phoneToken);
    const tv = await TestDevice.connect(h.wsUrl, tvToken);
    const tvProfile = (await presence(tvToken, { capabilities: ['display', 'audio'] })).body.profile;
    const phoneCapabilities = ['sms', 'voice', 'display', 'audio'];
    await presence(phoneToken, { capabilities: phoneCapabilities });
    const prompts = () => phone.frames.filter((f) => f.type === 'event' && f.name === 'capability.requested');

    // The TV asks; the phone answers "Copies only": the request is answered, and the TV told.
    assert.equal(
      (await call<{ askedProxies: number }>(tvToken, 'POST', '/requests', { capability: 'sms' })).body
        .askedProxies,
      1,
    );
    await phone.next((f) => f.type === 'event' && f.name === 'capability.requested');
    await presence(phoneToken, {
      capabilities: phoneCapabilities,
      authorized: [{ profileId: tvProfile.profileId, scopes: ['receive'] }],
    });
    await tv.next((f) => f.type === 'event' && f.name === 'profiles.changed');
    assert.deepEqual((await call<PendingRequestList>(phoneToken, 'GET', '/requests')).body.requests, []);

    // The TV asks again ("Ask again"): the phone is asked again, a second prompt, pending once more.
    const again = await call<{ askedProxies: number }>(tvToken, 'POST', '/requests', { capability: 'sms' });
    assert.equal(again.status, 202);
    assert.equal(again.body.askedProxies, 1);
    const second = await phone.next(
      (f) => f.type === 'event' && f.name === 'capability.requested' && f !== prompts()[0],
    );
    assert.deepEqual(second.type === 'event' && second.data, {
      profileId: tvProfile.profileId,
      name: 'Living-room TV',
      capability: 'sms',
    });
    assert.deepEqual(
      (await call<PendingRequestList>(phoneToken, 'GET', '/requests')).body.requests.map((r) => r.name),
      ['Living-room TV'],
    );
    phone.socket.close();
    tv.socket.close();
  });

  test('profiles never cross households, and a master list names only this household’s devices', async () => {
    h = await startBackend();
    const maryToken = await h.app.tokens.issue(maryPhone.id);
    await presence(maryToken, { capabilities: ['sms'] });
    const simon = await presence(await h.app.tokens.issue(simonPhone.id), { capabilities: ['sms'] });
    // Luis, enrolled on his own (no joint account): a household of one.
    const { token: luisToken } = await enrollPhone(h, 'luis', '5055551818');
    const luis = await presence(luisToken, { capabilities: ['sms', 'display'] });
    assert.deepEqual((await call<ProfileList>(luisToken, 'GET', '/profiles')).body.profiles, []);
    const foreign = await presence(maryToken, {
      capabilities: ['sms'],
      authorized: [{ profileId: luis.body.profile.profileId, scopes: ['send'] }],
    });
    assert.deepEqual(
      [foreign.status, foreign.body.error.code, foreign.body.error.details?.field],
      [422, ErrorCode.DeviceNotOwned, 'authorized.0.profileId'],
    );
    // A TV cannot authorize anyone: it has no SMS to lend.
    const tvToken = await h.app.tokens.issue(livingRoom.id);
    const tv = await presence(tvToken, {
      capabilities: ['display'],
      authorized: [{ profileId: simon.body.profile.profileId, scopes: ['send'] }],
    });
    assert.equal(tv.status, 422);
    // Asking before any presence is out of order.
    assert.equal(
      (await call(await h.app.tokens.issue(bedroom.id), 'POST', '/requests', { capability: 'sms' })).status,
      409,
    );
  });
});
