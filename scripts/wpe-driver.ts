// WPEWebDriver, the WebDriver server for WPE WebKit (Debian's wpewebkit-driver), for the browser tests and the
// benchmarks. It allows one session and can be left stuck by a dead client, so whoever starts it owns its PID and
// stops it (DESIGN.md §8).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

export interface WpeDriver {
  port: number;
  url: string;
  stop(): void;
}

export async function startWpeDriver(): Promise<WpeDriver> {
  const port = await freePort();
  const driver = spawn('WPEWebDriver', [`--port=${port}`, '--host=local'], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  const stop = () => void driver.kill('SIGKILL');
  try {
    await waitForStatus(url);
  } catch (error) {
    stop();
    throw error;
  }
  return { port, url, stop };
}

async function waitForStatus(url: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const up = await fetch(`${url}/status`).then(
      (response) => response.ok,
      () => false,
    );
    if (up) return;
    if (Date.now() > deadline) throw new Error('WPEWebDriver did not start (is wpewebkit-driver installed?)');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}
