// The `promagent` command: runs the CLI bundle from V8's code cache (see codeCache.ts).
import { join } from 'node:path';
import { runWithCodeCache } from './node/codeCache';

runWithCodeCache(join(__dirname, 'cliMain.js'));
