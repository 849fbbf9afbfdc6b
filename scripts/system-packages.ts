// Debian packages the tests and the demo need (chromium, code-server's build tools, pre-commit): installs the
// missing ones when running as root, else says how. Only what they need (--no-install-recommends: chromium alone
// otherwise pulls in a hundred more packages and upgrades systemd), quietly: one line says what was installed, apt's
// output shows only when it fails.
import { spawnSync } from 'node:child_process';

const aptTimeoutMs = 10 * 60_000;
let aptUpdated = false;

function isInstalled(name: string): boolean {
  const query = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return query.status === 0 && query.stdout.includes('install ok installed');
}

/** Runs apt-get and returns its output; a failure carries the output. */
function apt(args: string[]): string {
  const run = spawnSync('apt-get', ['-q', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    timeout: aptTimeoutMs,
  });
  if (run.status !== 0) {
    throw new Error(`apt-get ${args.join(' ')} failed (${run.error?.message ?? `exit ${run.status}`}):\n${run.stdout}${run.stderr}`);
  }
  return run.stdout;
}

export function ensureSystemPackages(names: readonly string[]): void {
  const missing = names.filter((name) => !isInstalled(name));
  if (missing.length === 0) return;
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!hasApt || process.getuid?.() !== 0) {
    throw new Error(
      `Missing system packages: ${missing.join(', ')}. Install them first, e.g. \`sudo apt-get install -y --no-install-recommends ${missing.join(' ')}\`` +
        (hasApt ? '' : ' (or your system\'s equivalent: this machine has no apt-get)') + '.',
    );
  }
  console.log(`Installing ${missing.join(', ')} with apt-get (missing)`);
  const start = Date.now();
  if (!aptUpdated) {
    apt(['update']);
    aptUpdated = true;
  }
  const output = apt(['install', '-y', '--no-install-recommends', ...missing]);
  const count = /(\d+) newly installed/.exec(output)?.[1] ?? '?';
  const size = /After this operation, ([\d.,]+ [kMG]?B) of additional disk space/.exec(output)?.[1];
  console.log(`Installed ${missing.join(', ')}: ${count} packages${size ? `, ${size}` : ''}, in ${Math.round((Date.now() - start) / 1000)} s`);
}
