// Debian packages the real-editor layer needs: installs the missing ones when running as root, else says how.
import { spawnSync } from 'node:child_process';

const aptTimeoutMs = 10 * 60_000;
let aptUpdated = false;

function isInstalled(name: string): boolean {
  const query = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return query.status === 0 && query.stdout.includes('install ok installed');
}

function apt(args: string[]): void {
  console.log(`> apt-get ${args.join(' ')}`);
  const run = spawnSync('apt-get', args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    timeout: aptTimeoutMs,
  });
  if (run.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (${run.error?.message ?? `exit ${run.status}`})`);
}

export function ensureSystemPackages(names: readonly string[]): void {
  const missing = names.filter((name) => !isInstalled(name));
  if (missing.length === 0) return;
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!hasApt || process.getuid?.() !== 0) {
    throw new Error(
      `Missing system packages: ${missing.join(', ')}. Install them first, e.g. \`sudo apt-get install -y ${missing.join(' ')}\`` +
        (hasApt ? '' : ' (or your system\'s equivalent: this machine has no apt-get)') + '.',
    );
  }
  if (!aptUpdated) {
    apt(['update']);
    aptUpdated = true;
  }
  apt(['install', '-y', ...missing]);
}
