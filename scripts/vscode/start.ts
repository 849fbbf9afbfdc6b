// `npm start`: the extension, packaged as published, in VS Code in the browser (code-server) on a scratch copy of
// examples/, made fresh at each start: code-server saves as you type, and trying a fix must not rewrite the repository's
// files. First run installs code-server into .cache/ (about a minute); later runs take seconds. Ctrl+C stops it all.
import { cpSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createServer } from 'node:net';
import { codeServerDirs, ensureCodeServer, installExtension, startCodeServer } from './code-server';
import { freePort, main, repoRoot } from './processes';
import { buildProduction, packageVsix } from './vsix';

const stateDir = join(repoRoot, '.cache', 'start');
const defaultPort = 8080;

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

main(async () => {
  await ensureCodeServer();
  console.log('Building and packaging the extension');
  await buildProduction();
  const dirs = codeServerDirs(stateDir);
  await installExtension(dirs, await packageVsix(join(stateDir, 'promagent.vsix')));

  const wanted = Number(process.env.PORT ?? defaultPort);
  const port = (await portIsFree(wanted)) ? wanted : await freePort();
  if (port !== wanted) console.log(`Port ${wanted} is taken; using ${port}`);
  const logFile = join(stateDir, 'code-server.log');
  const examples = join(stateDir, 'examples');
  rmSync(examples, { recursive: true, force: true });
  cpSync(join(repoRoot, 'examples'), examples, { recursive: true });
  const server = await startCodeServer({ dirs, port, workspace: examples, logFile });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping code-server`);
    await server.stop();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(signal));

  console.log(`\npromagent in VS Code (code-server), listening on 127.0.0.1 only. Open:\n\n  ${server.url(examples)}\n`);
  console.log(`It shows ${relative(repoRoot, examples)}, a copy of examples/ made at this start: edit and fix freely.`);
  console.log(`Log: ${relative(repoRoot, logFile)}. Ctrl+C stops it.`);
  const code = await server.exited;
  if (!stopping) {
    console.error(`code-server exited (${code}); see ${relative(repoRoot, logFile)}`);
    process.exit(1);
  }
});
