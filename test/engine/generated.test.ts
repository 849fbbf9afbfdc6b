import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSchemas } from '../../scripts/generate-schemas';
import { readmePath, readmeWithRuleTable } from '../../scripts/rule-table';
import { rules } from '../../server/src/engine';
import { defaultSettings } from '../../shared/protocol';

const root = join(__dirname, '..', '..');

test('the committed JSON schemas match what npm run schemas generates from the CRDs', () => {
  for (const [name, text] of generateSchemas()) {
    assert.ok(readFileSync(join(root, 'schemas', name), 'utf8') === text, `schemas/${name} drifted: run npm run schemas`);
  }
});

test("the README's rule table lists every rule of the registry (npm run rule-table)", () => {
  const readme = readFileSync(readmePath, 'utf8');
  assert.ok(readme === readmeWithRuleTable(readme), 'README.md rule table is stale: run npm run rule-table');
});

test('rule ids are unique and every rule has a docs line', () => {
  const ids = rules.map((r) => r.id);
  assert.deepEqual(ids, [...new Set(ids)]);
  for (const rule of rules) assert.ok(rule.docs.length > 10, rule.id);
});

test("the extension manifest's settings defaults are the shared module's", () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const properties = manifest.contributes.configuration.properties as Record<string, { default: unknown }>;
  for (const [key, value] of Object.entries(defaultSettings)) {
    assert.deepEqual(properties[`promagent.${key}`]?.default, value, `promagent.${key}`);
  }
});
