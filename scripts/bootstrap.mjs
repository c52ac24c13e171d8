// The README's two commands start here, on whatever Node the machine has (Debian's Node 20 on a fresh box).
// It installs what is missing — npm packages (which bring Node 24 itself, DESIGN.md §8) and Debian packages via
// apt-get, saying what and why — then hands over to `npm run serve` / `npm run check`, which run on Node 24.
// Plain JavaScript on purpose: this file must run before TypeScript support or node_modules exist.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const command = process.argv[2];

/** Debian packages by what needs them. `start` needs the first group; `test` needs all. */
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
    {
      name: 'postgresql',
      why: 'PostgreSQL 15: the store and repository tests run on it as well as on SQLite (each test starts its own)',
    },
    {
      name: 'redis-server',
      why: 'Redis 7: the bus between backend processes, for the cluster tests (issue 16)',
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

/** npm ci when node_modules is missing or was installed from another lock file. */
function ensureNpmPackages() {
  const lock = join(root, 'package-lock.json');
  const stamp = join(root, 'node_modules', '.couchline-lock-hash');
  const lockHash = () => createHash('sha256').update(readFileSync(lock)).digest('hex');
  const current = existsSync(stamp) ? readFileSync(stamp, 'utf8') : '';
  if (current === lockHash() && existsSync(join(root, 'node_modules', '.bin', 'node'))) return;
  log('installing npm packages (this also brings Node 24, which every npm script then runs on)');
  const ci = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, encoding: 'utf8' });
  if (ci.status !== 0) {
    // npm can write a lock file that its own `npm ci` then refuses: it leaves out optional per-platform packages
    // (rollup's native builds; npm/cli#4828). `npm install` keeps every locked version and fills in only those.
    // Any other failure is shown as npm gave it.
    if (!/EUSAGE|in sync/.test(`${ci.stdout}${ci.stderr}`)) {
      process.stdout.write(ci.stdout ?? '');
      process.stderr.write(ci.stderr ?? '');
      process.exit(1);
    }
    log(
      'npm ci refused the lock file (npm/cli#4828, optional platform packages); installing with npm install',
    );
    if (run('npm', ['install', '--no-audit', '--no-fund']) !== 0) process.exit(1);
  }
  // Hash the lock file as the install left it (the npm install fallback may have filled it in).
  writeFileSync(stamp, lockHash());
}

if (command !== 'start' && command !== 'test') {
  log('usage: node scripts/bootstrap.mjs start|test');
  process.exit(2);
}
ensureSystemPackages(
  command === 'start' ? SYSTEM_PACKAGES.start : [...SYSTEM_PACKAGES.start, ...SYSTEM_PACKAGES.test],
);
ensureNpmPackages();
// A child npm starts a fresh shell whose PATH begins with node_modules/.bin, so `node` there is Node 24.
process.exit(run('npm', ['run', '--silent', command === 'start' ? 'serve' : 'check']));
