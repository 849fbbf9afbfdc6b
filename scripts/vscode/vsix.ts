// Packages the extension as a .vsix with @vscode/vsce; .vscodeignore decides what goes in.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv, repoRoot, run } from './processes';

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
 * Packages what dist/ holds now into `outFile`; dependencies are bundled, so none are listed. The README's images ship
 * in the .vsix and its links stay relative, so the extension's page shows them offline (vsce would point them at the
 * repository's web host instead).
 */
export async function packageVsix(outFile: string): Promise<string> {
  await run(process.execPath, [vsce, 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', outFile], { cwd: repoRoot, env: cleanEnv(), timeoutMs: 120_000 });
  return outFile;
}
