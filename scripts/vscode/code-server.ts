// code-server (VS Code in the browser): installed once per version into the project's cache, run bound to 127.0.0.1.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ensureSystemPackages } from '../system-packages';
import { cleanEnv, repoRoot, run, signalGroup, sleep, stopGroup, writeFileAtomic } from './processes';

/** The newest code-server whose engines.node is 20 (VS Code 1.100.3). */
export const codeServerVersion = '4.100.3';
const installDir = join(repoRoot, '.cache', 'code-server', codeServerVersion);
const installedMarker = join(installDir, 'installed');
const entry = join(installDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/** @vscode/ripgrep's postinstall downloads rg from GitHub unless this tarball is in its cache; Debian's rg serves. */
const ripgrepCache = {
  folder: 'vscode-ripgrep-cache-1.15.11',
  tarball: `ripgrep-v13.0.0-10-${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-unknown-linux-musl.tar.gz`,
};

/** Installs code-server into .cache/code-server/<version> unless a complete install is there. */
export async function ensureCodeServer(): Promise<void> {
  if (existsSync(installedMarker)) return;
  ensureSystemPackages(['libkrb5-dev', 'ripgrep']);
  console.log(`Installing code-server ${codeServerVersion} into ${relative(repoRoot, installDir)} (about a minute, once)`);
  rmSync(installDir, { recursive: true, force: true });
  const tmp = join(installDir, 'tmp');
  mkdirSync(join(tmp, ripgrepCache.folder), { recursive: true });
  writeFileSync(join(installDir, 'package.json'), '{ "private": true }\n');
  const rg = (await run('sh', ['-c', 'command -v rg'], { timeoutMs: 5_000 })).trim();
  await run('tar', ['czf', join(tmp, ripgrepCache.folder, ripgrepCache.tarball), '-C', dirname(rg), 'rg'], { timeoutMs: 30_000 });
  await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `code-server@${codeServerVersion}`], {
    cwd: installDir,
    // unsafe_perm: its postinstall refuses root otherwise; yes: node-pty runs `npx node-gyp`.
    env: { ...cleanEnv(), TMPDIR: tmp, npm_config_unsafe_perm: 'true', npm_config_yes: 'true' },
    timeoutMs: 10 * 60_000,
  });
  rmSync(tmp, { recursive: true, force: true });
  writeFileSync(installedMarker, `${codeServerVersion}\n`);
}

/** Where one code-server instance keeps its state; HOME, XDG and TMPDIR point inside so nothing lands in ~ or /tmp. */
export interface CodeServerDirs {
  home: string;
  userDataDir: string;
  extensionsDir: string;
  config: string;
}

/**
 * The user settings every session starts with: the folder opens on its files, not on the Get Started page, and no
 * toast offers to open the git repository of a parent folder (the demo's scratch copy lies inside this checkout).
 */
const userSettings = { 'workbench.startupEditor': 'none', 'git.openRepositoryInParentFolders': 'never' };

export function codeServerDirs(root: string): CodeServerDirs {
  const dirs = { home: join(root, 'home'), userDataDir: join(root, 'user-data'), extensionsDir: join(root, 'extensions'), config: join(root, 'config.yaml') };
  for (const folder of [dirs.home, join(dirs.home, 'tmp'), join(dirs.userDataDir, 'User'), dirs.extensionsDir]) mkdirSync(folder, { recursive: true });
  // Without a config file code-server writes one that asks for a password.
  writeFileAtomic(dirs.config, 'auth: none\ncert: false\n');
  writeFileAtomic(join(dirs.userDataDir, 'User', 'settings.json'), `${JSON.stringify(userSettings, null, 2)}\n`);
  return dirs;
}

function codeServerEnv(dirs: CodeServerDirs, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const { home } = dirs;
  return { ...cleanEnv(), HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_DATA_HOME: join(home, '.local', 'share'), TMPDIR: join(home, 'tmp'), ...extra };
}

const stateArgs = (dirs: CodeServerDirs) => ['--config', dirs.config, '--user-data-dir', dirs.userDataDir, '--extensions-dir', dirs.extensionsDir];

export async function installExtension(dirs: CodeServerDirs, vsix: string): Promise<void> {
  await run(process.execPath, [entry, ...stateArgs(dirs), '--install-extension', vsix, '--force'], { env: codeServerEnv(dirs), timeoutMs: 60_000 });
}

export interface StartOptions {
  dirs: CodeServerDirs;
  port: number;
  /** The folder the workbench opens when the URL names none. */
  workspace: string;
  /** Where code-server's output goes. */
  logFile: string;
  /** Extra environment for code-server and the extension hosts it starts. */
  env?: NodeJS.ProcessEnv;
}

export interface RunningCodeServer {
  origin: string;
  pid: number;
  /** The workbench URL for a folder (and extra query parameters). */
  url(folder: string, query?: Record<string, string>): string;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

const readyTimeoutMs = 30_000;

export async function startCodeServer(options: StartOptions): Promise<RunningCodeServer> {
  const { dirs, port } = options;
  const log = openSync(options.logFile, 'w');
  const child = spawn(process.execPath, [
    entry, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override', ...stateArgs(dirs), options.workspace,
  ], { env: codeServerEnv(dirs, options.env), detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  const pid = child.pid!;
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve((exitCode = code))));
  // Its file watcher and extension hosts share the process group: if this process dies first, take them along.
  const killOnExit = () => signalGroup(pid, 'SIGTERM');
  process.on('exit', killOnExit);
  const origin = `http://127.0.0.1:${port}`;
  const server: RunningCodeServer = {
    origin,
    pid,
    // Slashes stay readable: the URL is printed for people to open.
    url: (folder, query = {}) =>
      `${origin}/?${Object.entries({ folder, ...query }).map(([name, value]) => `${name}=${encodeURIComponent(value).replaceAll('%2F', '/')}`).join('&')}`,
    exited,
    stop: async () => {
      process.off('exit', killOnExit);
      await stopGroup(pid);
    },
  };
  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline && exitCode === undefined) {
    if (await healthy(origin)) return server;
    await sleep(200);
  }
  await server.stop();
  const tail = readFileSync(options.logFile, 'utf8').split('\n').slice(-20).join('\n');
  const problem = exitCode === undefined ? `did not answer on ${origin}/healthz within ${readyTimeoutMs / 1000} s` : `exited (${exitCode})`;
  throw new Error(`code-server ${problem}; log: ${options.logFile}\n${tail}`);
}

async function healthy(origin: string): Promise<boolean> {
  try {
    return (await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(2_000) })).ok;
  } catch {
    return false;
  }
}
