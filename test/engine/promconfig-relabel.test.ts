import { test } from 'node:test';
import assert from 'node:assert/strict';
import { yaml } from '../support/engine';
import { checkConfig, messages, v2 } from '../support/promconfig';

const rw = 'remote_write:\n  - url: https://a.example.com/write\n';
/** One scrape job whose relabel_configs is `steps` (flow mappings, one per line). */
const job = (...steps: string[]) => `scrape_configs:\n  - job_name: node\n    relabel_configs:\n${steps.map((s) => `      - ${s}\n`).join('')}${rw}`;
const relabelMessages = (text: string, options = {}) => messages(text, 'promconfig/relabel', options);

test('every action, written as Prometheus takes it (any letter case), passes', () => {
  assert.deepEqual(checkConfig(job(
    '{source_labels: [a, b], separator: "-", regex: (.+)-(.+), target_label: pair, replacement: $2_$1}',
    '{source_labels: [__address__], regex: ".+:9100", action: Keep}',
    '{source_labels: [x], regex: "true", action: DROP}',
    '{action: labelmap, regex: __meta_(.+)}',
    '{action: labeldrop, regex: tmp_.*}',
    '{action: labelkeep, regex: __.*|job}',
    '{source_labels: [a], target_label: b, action: lowercase}',
    '{source_labels: [a], target_label: b, action: uppercase}',
    '{source_labels: [a], target_label: b, action: keepequal}',
    '{source_labels: [a], target_label: b, action: dropequal}',
    '{source_labels: [__address__], target_label: __tmp_hash, modulus: 4, action: hashmod}',
    '{source_labels: [a, b], regex: (.+);(.+), target_label: "${1}_x", replacement: $2}',
  )), []);
});

test('the action: unknown, empty, or written with no value', () => {
  assert.deepEqual(checkConfig(job('{action: replce, target_label: a}')), ['4:18 error promconfig/relabel unknown relabel action "replce"']);
  assert.deepEqual(relabelMessages(job('{action: ""}')), ['unknown relabel action ""']);
  assert.deepEqual(relabelMessages(job('{action: , target_label: a}')), ['relabel action cannot be empty']);
  // Actions of later releases are unknown before them.
  const at = (version: string) => relabelMessages(job('{source_labels: [a], target_label: b, action: Lowercase}', '{source_labels: [a], target_label: b, action: keepequal}'), { prometheusVersion: version });
  assert.deepEqual(at('v2.35.0'), ['unknown relabel action "Lowercase": lowercase came in Prometheus v2.36.0 (checking for v2.35.0)', 'unknown relabel action "keepequal": keepequal came in Prometheus v2.41.0 (checking for v2.35.0)']);
  assert.deepEqual(at('v2.40.0'), ['unknown relabel action "keepequal": keepequal came in Prometheus v2.41.0 (checking for v2.40.0)']);
  assert.deepEqual(at('v2.41.0'), []);
});

test('the checks of relabel.Config.Validate, each with its message and place', () => {
  assert.deepEqual(checkConfig(job('{action: hashmod, source_labels: [a], target_label: s}')), ['4:10 error promconfig/relabel relabel configuration for hashmod requires non-zero modulus']);
  assert.deepEqual(checkConfig(job('{action: lowercase, source_labels: [a]}')), ["4:18 error promconfig/relabel relabel configuration for lowercase action requires 'target_label' value"]);
  assert.deepEqual(relabelMessages(job('{source_labels: [a]}')), ["relabel configuration for replace action requires 'target_label' value"]);
  assert.deepEqual(checkConfig(job('{action: uppercase, source_labels: [a], target_label: b, replacement: B}')), ["4:79 error promconfig/relabel 'replacement' can not be set for uppercase action"]);
  assert.deepEqual(relabelMessages(job('{action: keepequal, source_labels: [a], target_label: b, regex: (.*)}')), ["keepequal action requires only 'source_labels' and `target_label`, and no other fields"]);
  assert.deepEqual(relabelMessages(job('{action: dropequal, source_labels: [a], target_label: b, separator: ","}')), ["dropequal action requires only 'source_labels' and `target_label`, and no other fields"]);
  assert.deepEqual(relabelMessages(job('{action: labeldrop, source_labels: [a], regex: tmp.*}')), ["labeldrop action requires only 'regex', and no other fields"]);
  assert.deepEqual(relabelMessages(job('{action: labelkeep, regex: a, replacement: b}')), ["labelkeep action requires only 'regex', and no other fields"]);
});

test('label names under the scheme in effect: legacy before v3, UTF-8 in v3 unless the job says legacy', () => {
  const bad = job('{source_labels: [a], target_label: 1bad}', '{action: labelmap, regex: (.+), replacement: 1-$1}', '{action: hashmod, source_labels: [a], target_label: 1s, modulus: 2}', '{source_labels: [a], target_label: $1-x}');
  assert.deepEqual(relabelMessages(bad, v2), [
    `"1bad" is invalid 'target_label' for replace action`,
    `"1-$1" is invalid 'replacement' for labelmap action`,
    `"1s" is invalid 'target_label' for hashmod action`,
    `"$1-x" is invalid 'target_label' for replace action`,
  ]);
  assert.deepEqual(relabelMessages(bad), []);
  const legacyJob = bad.replace('  - job_name: node\n', '  - job_name: node\n    metric_name_validation_scheme: legacy\n    metric_name_escaping_scheme: underscores\n');
  assert.equal(relabelMessages(legacyJob).length, 4);
  const legacyGlobal = `global:\n  metric_name_validation_scheme: legacy\n${bad.replace('relabel_configs', 'metric_relabel_configs')}`;
  assert.equal(relabelMessages(legacyGlobal).length, 4);
  assert.deepEqual(relabelMessages(job('{source_labels: [a], target_label: service.name}')), []);
});

test('before v3.2, $ references and labelmap replacements are legacy names whatever the scheme', () => {
  const steps = job('{source_labels: [a], target_label: "${1}.name"}', '{action: labelmap, regex: (.+), replacement: "k8s.$1"}', '{source_labels: [a], target_label: service.name}');
  assert.deepEqual(relabelMessages(steps, { prometheusVersion: 'v3.2.0' }), []);
  assert.deepEqual(relabelMessages(steps, { prometheusVersion: 'v3.1.0' }), [
    `"\${1}.name" is invalid 'target_label' for replace action`,
    `"k8s.$1" is invalid 'replacement' for labelmap action`,
  ]);
});

test('remote-write relabeling follows the global scheme', () => {
  const text = yaml`
    global:
      metric_name_validation_scheme: legacy
    remote_write:
      - url: https://a.example.com/write
        write_relabel_configs:
          - {source_labels: [a], target_label: service.name}`;
  assert.deepEqual(relabelMessages(text), [`"service.name" is invalid 'target_label' for replace action`]);
});

const regexOf = (regex: string, options = {}) => messages(job(`{source_labels: [a], regex: '${regex}', action: keep}`), 'promconfig/relabel-regex', options);

test('regexes compile with RE2 semantics, as Go\'s regexp does, not JavaScript\'s', () => {
  // RE2 syntax JavaScript's RegExp refuses or reads otherwise: inline flags, (?P<name>), POSIX classes, \pL.
  for (const regex of ['(?i)go_(gc|memstats)_.*', '(?P<base>/[^/]*)/.*', '[[:alpha:]]+', '\\pL+', '(?s:.*)', 'a{2,5}']) assert.deepEqual(regexOf(regex), [], regex);
  // JavaScript syntax RE2 refuses: lookaround and backreferences.
  assert.deepEqual(regexOf('foo(?=bar)'), ['error parsing regexp: invalid or unsupported Perl syntax: `(?=`']);
  assert.deepEqual(regexOf('(a)\\1'), ['error parsing regexp: invalid escape sequence: `\\1`']);
  // re2js bounds an expression's size below Go's (1.4M instructions against 3.4M), and checks it before a repeat
  // count: 2M instructions Go compiles, and whether the size or the count is what Go refuses, are not told here.
  assert.deepEqual(regexOf(`(?:${'a'.repeat(2000)}){1000}`), []);
  assert.deepEqual(regexOf('(x{1,1000}){1,1000}'), []);
});

test('parse errors quote the anchored expression: ^(?s:…)$ in v3, ^(?:…)$ before', () => {
  assert.deepEqual(checkConfig(job("{source_labels: [a], regex: 'a(b', target_label: c}")), ['4:37 error promconfig/relabel-regex error parsing regexp: missing closing ): `^(?s:a(b)$`']);
  assert.deepEqual(regexOf('a(b', v2), ['error parsing regexp: missing closing ): `^(?:a(b)$`']);
  assert.deepEqual(regexOf('a)b'), ['error parsing regexp: unexpected ): `^(?s:a)b)$`']);
  assert.deepEqual(regexOf('[a'), ['error parsing regexp: missing closing ]: `[a)$`']);
  assert.deepEqual(regexOf('a**'), ['error parsing regexp: invalid nested repetition operator: `**`']);
  assert.deepEqual(regexOf('*a'), ['error parsing regexp: missing argument to repetition operator: `*`']);
  assert.deepEqual(regexOf('x{1001}'), ['error parsing regexp: invalid repeat count: `{1001}`']);
  assert.deepEqual(regexOf('[z-a]'), ['error parsing regexp: invalid character class range: `z-a`']);
  assert.deepEqual(regexOf('\\8'), ['error parsing regexp: invalid escape sequence: `\\8`']);
});

/**
 * Where re2js (C++ RE2's rules) and Go's regexp part, and how promagent follows Go. Every other message above was
 * compared with Debian's promtool 2.42 (Go 1.19) and is identical.
 * - Go lets two groups share a name; RE2 refuses ("duplicate capture group name"). promagent compiles the later
 *   ones as plain groups, so group numbers and ${name} (the first group of that name, as in Go) stay right.
 * - Go reads `(?<name>…)` since Go 1.22 (first in Prometheus v2.51); before, `(?<` is "invalid or unsupported Perl
 *   syntax". re2js reads it always: promagent refuses it for older versions itself.
 */
test('Go\'s regexp where it differs from RE2: repeated group names, and (?< before Go 1.22', () => {
  assert.deepEqual(regexOf('(?P<n>a)|(?P<n>b)'), []);
  assert.deepEqual(regexOf('(?<n>a)'), []);
  assert.deepEqual(regexOf('(?<n>a)', v2), ['error parsing regexp: invalid or unsupported Perl syntax: `(?<`']);
  assert.deepEqual(regexOf('(?<=a)b', v2), ['error parsing regexp: invalid or unsupported Perl syntax: `(?<`']);
  assert.deepEqual(regexOf('(?<=a)b'), ['error parsing regexp: invalid named capture: `(?<=a)b)$`']);
});
