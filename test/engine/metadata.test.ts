import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agentManifest, applyFix, check, findings, only, underlined, yaml } from '../support/engine';

test('metadata.name must be present and a DNS subdomain; namespace a DNS label', () => {
  assert.deepEqual(check(yaml`
    apiVersion: v1
    kind: ConfigMap
    metadata:
      namespace: Monitoring
    data: {}`), [
    '3:1 error metadata/name metadata.name: Required value: name or generateName is required',
    `4:14 error metadata/name metadata.namespace: Invalid value: "Monitoring": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
  ]);
  assert.deepEqual(check('apiVersion: v1\nkind: Pod\n'), ['2:1 error metadata/name metadata.name: Required value: name or generateName is required']);
  assert.deepEqual(check('apiVersion: v1\nkind: Pod\nmetadata:\n  generateName: web-\n'), []);
  // YAML reads `y` as a boolean and 404 as a number: Kubernetes refuses either, with a quote fix.
  const typed = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: 404\n  namespace: y\n';
  assert.deepEqual(check(typed).filter((line) => line.includes('metadata/name')), [
    '4:9 error metadata/name metadata.name must be a string: Kubernetes rejects the unquoted 404 (cannot unmarshal number into Go struct field ObjectMeta.metadata.name of type string)',
  ]);
  const [finding] = findings(typed).filter((f) => f.code === 'metadata/name');
  assert.equal(applyFix(typed, finding.fixes[0]), typed.replace('404', '"404"'));
  // Quoted, 1E3 and TRUE are no valid names: no fix trades one error for another.
  const invalid = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  namespace: TRUE\n';
  assert.deepEqual(findings(invalid).filter((f) => f.code === 'metadata/name').map((f) => f.fixes.length), [0]);
  assert.deepEqual(findings(typed.replace('404', '1E3')).filter((f) => f.code === 'metadata/name').map((f) => f.fixes.length), [0]);
  assert.deepEqual(check(typed.replace('404', 'web')).filter((line) => line.includes('metadata/name')), [
    '5:14 error metadata/name metadata.namespace must be a string: Kubernetes rejects the unquoted y (cannot unmarshal bool into Go struct field ObjectMeta.metadata.namespace of type string)',
  ]);
});

test('an unquoted label or annotation value is flagged at the value with a quote fix, in pod templates too', () => {
  const text = yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      labels:
        tier: 1 # the first tier
    spec:
      template:
        metadata:
          annotations:
            prometheus.io/scrape: true
            empty:
        spec: {}`;
  const all = findings(text);
  assert.deepEqual(all.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.code} ${underlined(text, f)}`), [
    '6:11 metadata/string-value 1',
    '11:31 metadata/string-value true',
  ]);
  assert.equal(all[0].message, 'label "tier" must be a string: Kubernetes rejects the unquoted 1 (cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string)');
  assert.equal(applyFix(text, all[0].fixes[0]), text.replace('tier: 1 #', 'tier: "1" #'));
  assert.equal(applyFix(text, all[1].fixes[0]), text.replace('scrape: true', 'scrape: "true"'));
});

test('a null label or annotation value is accepted: Go\'s JSON decoder leaves the string empty', () => {
  const text = yaml`
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: nulls
      labels: {a: ~, c: null}
      annotations:
        e:
        f: Null
  `;
  assert.deepEqual(findings(text).map((f) => f.code), []);
});

test('annotation values are typed as kubectl reads them (go-yaml v2), not as YAML 1.1 would', () => {
  const text = yaml`
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
      annotations:
        backup.example.com/at: 02:30
        example.com/expires: 2025-01-01
        example.com/mode: 0o17
        example.com/mask: 0X1F
        example.com/not-a-number: 0X_
        example.com/list: [1]
        example.com/tagged: !!int 42
    spec:
      containers: [{name: web, image: nginx}]
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: copy
      labels: &labels {app: web}
      annotations: {<<: {a: "1"}, b: &b "2", c: *b}
    spec:
      selector: {matchLabels: *labels}
      template:
        metadata:
          labels: *labels
        spec:
          containers: [{name: web, image: nginx}]`;
  const all = findings(text);
  assert.deepEqual(all.map((f) => `${f.code} ${underlined(text, f)}`), [
    'metadata/string-value 0o17', 'metadata/string-value 0X1F', 'metadata/string-value example.com/list', 'metadata/string-value 42',
  ]);
  assert.match(all[3].message, /Kubernetes rejects !!int 42 \(cannot unmarshal number/);
  assert.deepEqual(all[3].fixes, []);
  assert.match(all[2].message, /cannot unmarshal array into Go struct field ObjectMeta.metadata.annotations of type string/);
});

test('labels and annotations must be maps; ConfigMap and Secret values strings, or base64 where bytes are due', () => {
  const text = yaml`
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: c
      labels: [a, b]
    data: {retries: 5, at: 02:30, ok: "yes"}
    binaryData: {logo: "aGVsbG8="}
    ---
    apiVersion: v1
    kind: Secret
    metadata:
      name: s
      annotations: "x"
    data:
      prometheus.yml: "!!!not base64"
      wrapped: |
        aGVs
        bG8=
    stringData: {token: 42, <<: {a: "1"}}
    ---
    apiVersion: v1
    kind: Secret
    metadata: {name: numbers}
    data: {count: 1234, base: &b aGVsbG8=, copy: *b}`;
  const all = findings(text);
  assert.deepEqual(all.map((f) => `${f.range.start.line + 1} ${f.code} ${underlined(text, f)}`), [
    '5 metadata/string-value [a, b]',
    '6 data/value 5',
    '13 metadata/string-value "x"',
    '15 data/value "!!!not base64"',
    '19 data/value 42',
    '24 data/value 1234',
  ]);
  assert.equal(all[5].message, 'data "count" must be base64 text: cannot unmarshal number into Go struct field Secret.data of type []uint8');
  assert.equal(all[1].message, 'data "retries" must be a string: cannot unmarshal number into Go struct field ConfigMap.data of type string');
  assert.equal(all[3].message, 'data "prometheus.yml" is not base64: illegal base64 data (put plain text under stringData instead)');
  assert.equal(applyFix(text, all[4].fixes[0]), text.replace('{token: 42,', '{token: "42",'));
});

test('a !!binary value is its decoded text, as go-yaml reads it: a string, base64 where bytes are due only if that text is', () => {
  const text = yaml`
    apiVersion: v1
    kind: Secret
    metadata:
      name: s
      labels: {app: !!binary bXlhcHA=}
    data:
      token: !!binary YUdWc2JHOD0=
      plain: !!binary aGVsbG8=
    stringData:
      note: !!binary aGVsbG8=
  `;
  assert.deepEqual(check(text), ['8:19 error data/value data "plain" is not base64: illegal base64 data (put plain text under stringData instead)']);
});

test('values reached through aliases and merge keys are checked as Kubernetes reads them, reported where they come in', () => {
  const text = yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      labels:
        <<: {team: 1}
    spec:
      replicas: &n 3
      template:
        metadata:
          labels: {copies: *n}
        spec:
          containers: [{name: web, image: nginx}]
    ---
    apiVersion: v1
    kind: ConfigMap
    metadata: {name: c}
    immutable: &t true
    data: {flag: *t}`;
  const all = findings(text);
  assert.deepEqual(all.map((f) => `${f.range.start.line + 1} ${f.code} ${underlined(text, f)} ${f.fixes.length}`), [
    '6 metadata/string-value 1 1',
    '11 metadata/string-value *n 0',
    '19 data/value *t 0',
  ]);
});

test('label keys and values follow Kubernetes syntax', () => {
  const text = yaml`
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
      labels:
        Example.com/app: web
        team: "platform team"
      annotations:
        example.com/owner: "platform"`;
  const all = findings(text);
  assert.deepEqual(all.map((f) => `${f.range.start.line + 1} ${f.code} ${underlined(text, f)}`), [
    '6 metadata/label-syntax Example.com/app',
    '7 metadata/label-syntax "platform team"',
  ]);
  assert.match(only(all.slice(0, 1), 'metadata/label-syntax').message, /^metadata.labels: Invalid value: "Example.com\/app": prefix part a lowercase RFC 1123 subdomain/);
});

test('annotation keys are checked lowercased, as Kubernetes checks them: only label keys must be written in lowercase', () => {
  const text = yaml`
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
      annotations:
        Example.COM/Owner: platform
        Bad_Prefix.com/owner: platform`;
  const all = findings(text);
  assert.deepEqual(all.map((f) => `${f.range.start.line + 1} ${f.code} ${underlined(text, f)}`), ['7 metadata/label-syntax Bad_Prefix.com/owner']);
  assert.match(all[0].message, /^metadata.annotations: Invalid value: "Bad_Prefix.com\/owner": prefix part a lowercase RFC 1123 subdomain/);
});

test('a value that looks like a date is the text written: go-yaml hands Kubernetes a timestamp as a string', () => {
  const text = agentManifest(`
    externalLabels:
      cluster_created: 2024-05-01
    podMetadata:
      labels:
        created: 2024-05-01
      annotations:
        last-rollout: 2024-05-01T10:00:00Z`);
  assert.deepEqual(check(text), []);
});

test('a finding quoting a value of megabytes is cut short: one line of output is not megabytes long', () => {
  const huge = 'x '.repeat(2_000_000);
  const [finding] = findings(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels: {app: "${huge}"}\n`).filter((f) => f.code === 'metadata/label-syntax');
  assert.ok(finding.message.length < 2100, String(finding.message.length));
  assert.match(finding.message, /^metadata\.labels: Invalid value: "x x x .*… \(\d+ characters more\)$/);
});
