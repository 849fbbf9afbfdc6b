import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answeredSettings, settingsForServer } from '../../client/src/settings';

test('promagent.prometheusVersion reaches the server only where the user set it: its default says no version', () => {
  const values = { enable: true, prometheusVersion: 'v3.13.1', exclude: [] };
  assert.deepEqual(settingsForServer(values, { globalValue: undefined }), { enable: true, exclude: [] });
  assert.deepEqual(settingsForServer(values, undefined), { enable: true, exclude: [] });
  assert.deepEqual(settingsForServer(values, { workspaceFolderValue: 'v3.13.1' }), values);
  assert.deepEqual(settingsForServer(values, { globalLanguageValue: 'v2.55.1' }), values);
  // A workspace/configuration answer: only promagent's section is read so.
  const params = { items: [{ section: 'promagent', scopeUri: 'file:///w' }, { section: 'editor' }] };
  assert.deepEqual(answeredSettings(params, [values, { tabSize: 2 }], 'promagent', () => undefined), [{ enable: true, exclude: [] }, { tabSize: 2 }]);
});
