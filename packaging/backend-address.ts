import { networkInterfaces } from 'node:os';
import { createInterface } from 'node:readline/promises';

/**
 * Where a packaged TV app reaches the backend. There is no default: a TV's 127.0.0.1 is the TV itself, so a package
 * built without an address would install fine and never reach anything. `npm run package:<platform>` takes it from
 * `--backend`, then `COUCHLINE_BACKEND`, then asks when someone is at the terminal, and otherwise refuses.
 */
export class BackendAddressError extends Error {
  override readonly name = 'BackendAddressError';
}

export const NO_BACKEND_MESSAGE =
  'Where do the TVs reach the backend? A package needs the address: run it again with\n' +
  '  --backend http://<this machine on the TVs’ network>:8080   (e.g. --backend http://192.168.1.10:8080)\n' +
  'or set COUCHLINE_BACKEND, and start the backend with COUCHLINE_HOST=0.0.0.0 so the TVs can connect.';

/** Host names that mean "this very device": on a TV, the TV. */
const SELF_HOSTS = new Set(['localhost', '0.0.0.0', '[::]', '[::1]']);

/**
 * Reads a backend address: an http(s) origin a TV on the network can reach. Throws a {@link BackendAddressError}
 * that says what is wrong with it.
 */
export function parseBackend(value: string): URL {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new BackendAddressError(`"${value}" is not an address: give one like http://192.168.1.10:8080`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BackendAddressError(
      `"${value}": the backend is reached over http or https, not ${url.protocol}`,
    );
  }
  const host = url.hostname.toLowerCase();
  if (SELF_HOSTS.has(host) || host.endsWith('.localhost') || /^127\./.test(host)) {
    throw new BackendAddressError(
      `"${value}" is the TV itself once installed (loopback): give this machine's address on the TVs' network`,
    );
  }
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    throw new BackendAddressError(`"${value}": give the backend's origin only, like ${url.origin}`);
  }
  return url;
}

/** This machine's IPv4 addresses on its networks, as a starting point for the question. */
export function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && a.family === 'IPv4' && !a.internal)
    .map((a) => a!.address);
}

/**
 * Asks at the terminal until the answer is a usable address (three tries). An empty answer takes the suggestion,
 * when there is one.
 */
export async function askBackend(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  suggestion = lanAddresses()[0],
): Promise<URL> {
  const prompt = createInterface({ input, output, terminal: false });
  const fallback = suggestion ? `http://${suggestion}:8080` : undefined;
  try {
    for (let attempt = 1; ; attempt++) {
      const answer = (
        await prompt.question(
          `Where do the TVs reach the backend (start it with COUCHLINE_HOST=0.0.0.0)?${fallback ? ` [${fallback}]` : ''} `,
        )
      ).trim();
      try {
        return parseBackend(answer || fallback || '');
      } catch (error) {
        if (!(error instanceof BackendAddressError) || attempt === 3) throw error;
        output.write(`${error.message}\n`);
      }
    }
  } finally {
    prompt.close();
  }
}
