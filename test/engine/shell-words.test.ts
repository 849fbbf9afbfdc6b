import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shellCommands } from '../../server/src/engine/util/shellWords';

const words = (script: string) => shellCommands(script).map((command) => command.map((word) => (word.expands ? `${word.text}*` : word.text)));

test('a shell script\'s commands as their words: quotes removed, separators kept apart, what the shell expands marked', () => {
  assert.deepEqual(words('set -e; exec /bin/prometheus --config.file=/etc/p.yml && echo done'), [['set', '-e'], ['exec', '/bin/prometheus', '--config.file=/etc/p.yml'], ['echo', 'done']]);
  assert.deepEqual(words(`prometheus '--a=$X' "--b=$Y" --c=\\$Z "--d=\\"q\\"" # --e`), [['prometheus', '--a=$X', '--b=$Y*', '--c=$Z', '--d="q"']]);
  assert.deepEqual(words('prometheus \\\n  --agent |\ntee log\n'), [['prometheus', '--agent'], ['tee', 'log']]);
  assert.deepEqual(words('a`b`c ""'), [['a`b`c*', '']]);
});
