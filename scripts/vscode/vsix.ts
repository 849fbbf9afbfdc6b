// Packages the extension as a .vsix with @vscode/vsce; .vscodeignore decides what goes in.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { cleanEnv, repoRoot, run, writeFileAtomic } from './processes';

const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
const esbuildScript = join(repoRoot, 'esbuild.mjs');

export function extensionVersion(): string {
  return (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Bundles dist/ minified, as published. */
export async function buildProduction(): Promise<void> {
  await run(process.execPath, [esbuildScript, '--production'], { cwd: repoRoot, env: cleanEnv(), timeoutMs: 120_000 });
}

/**
 * The README the .vsix carries: the repository's, with each image inlined as a data: URI. The extension's page in
 * VS Code shows a README in a webview that loads only https: and data: images, with no base to resolve a relative
 * path against; inlined, the screenshots show offline, with no web host to depend on.
 */
function readmeWithInlinedImages(): string {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  return readme.replace(/(!\[[^\]]*\]\()([^)\s]+\.png)\)/g, (_, opening: string, path: string) =>
    `${opening}data:image/png;base64,${readFileSync(join(repoRoot, path)).toString('base64')})`);
}

/** Packages what dist/ holds now into `outFile`; dependencies are bundled, so none are listed. */
export async function packageVsix(outFile: string): Promise<string> {
  const readme = join(repoRoot, 'out', 'vsix', 'README.md');
  mkdirSync(dirname(readme), { recursive: true });
  writeFileAtomic(readme, readmeWithInlinedImages());
  // Links left as they are: vsce would point relative ones at the repository's web host, and refuse data: images.
  await run(process.execPath, [vsce, 'package', '--no-dependencies', '--no-rewrite-relative-links', '--readme-path', relative(repoRoot, readme), '--out', outFile], {
    cwd: repoRoot, env: cleanEnv(), timeoutMs: 120_000,
  });
  return outFile;
}
