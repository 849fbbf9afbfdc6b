import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** The project's own YAML: the examples, clean and broken, and the snippet bodies' parents: what fuzzing mutates. */
export function corpus(): { name: string; text: string }[] {
  const folders = ['examples', 'examples/mistakes'];
  return folders.flatMap((folder) => readdirSync(join(root, folder))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => ({ name: `${folder}/${f}`, text: readFileSync(join(root, folder, f), 'utf8') })));
}

/** How many cases each property runs: a few hundred in `npm test`, more with FUZZ_RUNS (`npm run fuzz`). */
export const fuzzRuns = Number(process.env.FUZZ_RUNS ?? 150);
