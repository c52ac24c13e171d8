import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, test } from 'node:test';
import WebSocket, { WebSocketServer } from 'ws';
import { FrontDoor } from './front-door.ts';

/** A stand-in for one backend process: answers HTTP with its name and what it got; its push socket says its name. */
async function fakeProcess(name: string) {
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-served-by': name });
      res.end(JSON.stringify({ name, method: req.method, path: req.url, host: req.headers.host, body }));
    });
  });
  const wss = new WebSocketServer({ server, path: '/push' });
  wss.on('connection', (socket) => {
    socket.send(JSON.stringify({ name }));
    socket.on('message', (data: Buffer) => socket.send(`${name} echoes ${data.toString('utf8')}`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      for (const client of wss.clients) client.terminate();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Opens a socket through the door; resolves with the name of the process that took it and the socket. */
async function push(doorUrl: string) {
  const socket = new WebSocket(`${doorUrl.replace('http', 'ws')}/push`);
  const [first] = (await once(socket, 'message')) as [Buffer];
  return { socket, name: (JSON.parse(first.toString()) as { name: string }).name };
}

describe('the local cluster’s front door (scripts/cluster/front-door.ts)', () => {
  const closers: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  async function setup() {
    const api = await fakeProcess('api');
    const gateways = [await fakeProcess('gateway-1'), await fakeProcess('gateway-2')];
    for (const p of [api, ...gateways]) closers.push(() => p.close());
    const door = new FrontDoor({
      api: [api.url],
      gateways: gateways.map((g) => g.url),
      healthEveryMs: 60_000,
    });
    closers.push(() => door.close());
    return { door, url: await door.listen(0), gateways };
  }

  test('HTTP goes to the API process, with its method, path, body and Host as sent', async () => {
    const { url } = await setup();
    const got = (await (await fetch(`${url}/api/voicemail?x=1`)).json()) as Record<string, string>;
    assert.deepEqual(
      [got.name, got.method, got.path, got.host],
      ['api', 'GET', '/api/voicemail?x=1', new URL(url).host],
    );
    const posted = await fetch(`${url}/hooks/voicemail`, { method: 'POST', body: '{"a":1}' });
    assert.equal(posted.headers.get('x-served-by'), 'api');
    assert.equal(((await posted.json()) as { body: string }).body, '{"a":1}');
  });

  test('push sockets go to the gateways in turn, and frames pass both ways', async () => {
    const { url } = await setup();
    const opened = [await push(url), await push(url), await push(url), await push(url)];
    closers.push(() => Promise.resolve(opened.forEach((o) => o.socket.terminate())));
    assert.deepEqual(
      opened.map((o) => o.name),
      ['gateway-1', 'gateway-2', 'gateway-1', 'gateway-2'],
    );
    const { socket } = opened[1]!;
    socket.send('hello');
    const [echo] = (await once(socket, 'message')) as [Buffer];
    assert.equal(echo.toString(), 'gateway-2 echoes hello');
  });

  test('a stopped gateway is skipped: its sockets close, and new ones go to the other', async () => {
    const { url, gateways } = await setup();
    const first = await push(url);
    assert.equal(first.name, 'gateway-1');
    await gateways[0]!.close();
    await once(first.socket, 'close');
    const names = [(await push(url)).name, (await push(url)).name, (await push(url)).name];
    assert.deepEqual(names, ['gateway-2', 'gateway-2', 'gateway-2']);
  });

  test('readiness: a process whose /readyz fails gets no new sockets while another is ready', async () => {
    const { door, url } = await setup();
    // The fakes answer every path with 200, so all are ready; a door told of a dead URL marks that one not ready.
    const dead = new FrontDoor({
      api: [],
      gateways: ['http://127.0.0.1:9', new URL(url).origin],
      healthEveryMs: 60_000,
    });
    closers.push(() => dead.close());
    await dead.checkHealth();
    await door.checkHealth();
    const viaDead = await dead.listen(0);
    // Through the second door: its only ready gateway is the first door, which passes the socket on.
    const names = [(await push(viaDead)).name, (await push(viaDead)).name];
    assert.deepEqual(names, ['gateway-1', 'gateway-2']);
  });
});
