// Eclipse Mosquitto on this machine, the peer the push fan-out is measured beside (bench/push-vs-mosquitto.ts):
// Debian's `mosquitto` (2.0.11 on Debian 12; `node scripts/bootstrap.mjs bench` installs it) run as a child process
// with a config written into its own temp folder, MQTT over WebSocket on a free loopback port, persistent sessions
// kept in that folder; stopped by its pid. Its memory is read from /proc/<pid>/status.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort } from '../scripts/cluster/local-engines.ts';

export const MOSQUITTO = '/usr/sbin/mosquitto';

export interface LocalMosquitto {
  /** `ws://127.0.0.1:<port>/mqtt`, its WebSocket listener. */
  readonly url: string;
  /** `mqtt://127.0.0.1:<port>`, its plain MQTT listener (a reference: the benchmark's devices use WebSocket). */
  readonly tcpUrl: string;
  readonly pid: number;
  /** Its resident memory now (VmRSS), in bytes. */
  rssBytes(): number;
  /** SIGTERM by its pid (SIGKILL if it has not gone after 10 s); resolves once it has exited. */
  stop(): Promise<void>;
}

/** Throws, saying how to install it, when Debian's mosquitto is missing. */
export function assertMosquittoInstalled(): void {
  if (!existsSync(MOSQUITTO)) {
    throw new Error(
      `${MOSQUITTO} is missing: install it with \`node scripts/bootstrap.mjs bench\` (as root) or apt-get install mosquitto`,
    );
  }
}

/** "2.0.11": what `mosquitto -h` says it is. */
export function mosquittoVersion(): string {
  const help = spawnSync(MOSQUITTO, ['-h'], { encoding: 'utf8' });
  return /mosquitto version (\S+)/.exec(`${help.stdout}${help.stderr}`)?.[1] ?? 'unknown';
}

/**
 * Starts mosquitto with its config, persistence and log in `dir` (a fresh folder: every session starts new) and
 * resolves once its WebSocket port accepts. As root, mosquitto drops to the `mosquitto` system user the Debian
 * package makes, who is given `dir`.
 */
export async function startMosquitto(dir: string): Promise<LocalMosquitto> {
  assertMosquittoInstalled();
  const asRoot = process.getuid?.() === 0;
  const [wsPort, mqttPort] = [await freePort(), await freePort()];
  const config = join(dir, 'mosquitto.conf');
  const logFile = join(dir, 'mosquitto.log');
  writeFileSync(
    config,
    [
      // Mosquitto 2.0 will not start with a WebSocket listener alone (eclipse-mosquitto/mosquitto#2284): a plain
      // MQTT listener on loopback comes first (the benchmark uses it only with --transport mqtt).
      `listener ${mqttPort} 127.0.0.1`,
      // Its WebSocket listener binds to an interface, not an address (libwebsockets; mosquitto#3045): `lo`.
      `listener ${wsPort} lo`,
      'protocol websockets',
      'allow_anonymous true',
      'max_connections -1',
      // Each session is kept (clean: false) and written to disk on shutdown and every autosave_interval.
      'persistence true',
      `persistence_location ${dir}/`,
      // QoS 1 messages in flight to one client, and queued behind them, before mosquitto drops any.
      'max_inflight_messages 20',
      'max_queued_messages 1000',
      'set_tcp_nodelay true',
      'connection_messages false',
      `log_dest file ${logFile}`,
      'log_type error',
      'log_type warning',
      'log_type notice',
      ...(asRoot ? ['user mosquitto'] : []),
      '',
    ].join('\n'),
  );
  if (asRoot) {
    const id = (flag: string) =>
      Number(spawnSync('id', [flag, 'mosquitto'], { encoding: 'utf8' }).stdout.trim());
    chownSync(dir, id('-u'), id('-g'));
  }
  // 10,000 sockets and more: its open-file limit raised to the hard limit first (`exec` keeps the pid).
  const child: ChildProcess = spawn(
    'sh',
    ['-c', 'ulimit -n "$(ulimit -Hn)"; exec "$0" -c "$1"', MOSQUITTO, config],
    { stdio: 'ignore' },
  );
  const pid = child.pid!;
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    process.kill(pid, 'SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  // A driver that dies on an error it did not catch still takes mosquitto with it.
  const onExit = () => child.kill('SIGKILL');
  process.once('exit', onExit);
  const deadline = Date.now() + 10_000;
  while (!(await accepts(wsPort))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').trim() : '';
      throw new Error(`mosquitto did not start (${config})\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return {
    url: `ws://127.0.0.1:${wsPort}/mqtt`,
    tcpUrl: `mqtt://127.0.0.1:${mqttPort}`,
    pid,
    rssBytes: () => {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]) * 1024;
    },
    async stop() {
      process.off('exit', onExit);
      await stop();
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}
