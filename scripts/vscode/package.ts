// `npm run package`: a minified build, then promagent-<version>.vsix at the project root.
import { join } from 'node:path';
import { main, repoRoot } from './processes';
import { buildProduction, extensionVersion, packageVsix } from './vsix';

main(async () => {
  await buildProduction();
  console.log(`Packaged ${await packageVsix(join(repoRoot, `promagent-${extensionVersion()}.vsix`))}`);
});
