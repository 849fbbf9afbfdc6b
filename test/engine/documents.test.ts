import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseAllDocuments, visit, type Document } from 'yaml';
import { analyzeFile, checkFile, defaultCheckOptions, Workspace } from '../../server/src/engine';
import { aliasingError, parseDocuments } from '../../server/src/engine/yaml/documents';
import { check, yaml } from '../support/engine';

const roles = (uri: string, text: string, readAs?: 'kubernetes' | 'prometheus-config') =>
  analyzeFile(uri, text, readAs).documents.map((d) => d.kind ? `${d.role}:${d.kind}` : d.role);

test('documents are classified by apiVersion and kind', () => {
  const text = yaml`
    apiVersion: monitoring.coreos.com/v1alpha1
    kind: PrometheusAgent
    ---
    apiVersion: v1
    kind: Pod
    ---
    apiVersion: apps/v1
    kind: Deployment
    ---
    apiVersion: batch/v1
    kind: CronJob
    ---
    apiVersion: v1
    kind: ConfigMap
    ---
    apiVersion: v1
    kind: Secret
    ---
    apiVersion: monitoring.coreos.com/v1
    kind: PrometheusRule
    ---
    apiVersion: serving.knative.dev/v1
    kind: Deployment
    ---
    apiVersion: v1
    kind: Service`;
  assert.deepEqual(roles('file:///w/all.yaml', text), [
    'monitoring:PrometheusAgent', 'pod:Pod', 'workload:Deployment', 'workload:CronJob', 'config-map:ConfigMap',
    'secret:Secret', 'unrelated:PrometheusRule', 'unrelated:Deployment', 'unrelated:Service',
  ]);
});

test('plain scalars mean what go-yaml makes of them: YAML 1.1 booleans, nulls, numbers in every base, timestamps, strings', () => {
  // The reference is the YAML library's YAML 1.1 reading, except for numbers go-yaml (kubectl's and Prometheus's
  // reader) does not read: its resolver takes a number only from a sign or a digit (Go's integer parser on the text
  // without underscores, or a float with digits) or from a dot (Go's float parser), .inf and .nan aside. There the
  // scalar is the string it is written as. The other way round, `0o17`, `0X1F` and `0B101` are strings to YAML 1.1
  // and integers to Go's parser: there the scalar is that integer. A timestamp is the text written, as go-yaml hands it
  // on. The parser also settles what can only be a string first: it must never settle anything else.
  const goYamlNumber = (text: string) => {
    if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/.test(text)) return true;
    if (text.startsWith('.')) return /^\.[0-9]+(?:[eE][-+]?[0-9]+)?$/.test(text);
    if (!/^[-+0-9]/.test(text)) return false;
    const plain = text.replaceAll('_', '');
    const goInteger = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
    const goFloat = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
    return goInteger.test(plain) || goFloat.test(plain);
  };
  // Go's integer parser on the text without underscores, in the bases YAML 1.1 does not read (the prefix right after
  // the 0: go-yaml also reads `0_x1`, which the parser leaves a string).
  const goOnlyInteger = (source: string) => /^[-+]?0[oOXB]/.test(source) && /^[-+]?0(?:[oO][0-7]+|X[0-9a-fA-F]+|B[01]+)$/.test(source.replaceAll('_', ''));
  const asYaml11 = (text: string) => parseAllDocuments(text, { version: '1.1', merge: true })[0];
  const scalars = (document: Document, reading: 'go-yaml' | 'yaml-1.1') => {
    const found: unknown[] = [];
    visit(document, {
      Scalar: (_, { value, format, tag, source }) => {
        if (reading === 'yaml-1.1' && typeof source === 'string' && typeof value === 'string' && goOnlyInteger(source)) {
          const plain = source.replaceAll('_', '');
          found.push([(plain.startsWith('-') ? -1 : 1) * Number(plain.replace(/^[-+]/, '').toLowerCase()), undefined, undefined]);
        }
        else if (reading === 'yaml-1.1' && typeof value === 'number' && typeof source === 'string' && !goYamlNumber(source)) found.push([source, undefined, undefined]);
        // A timestamp go-yaml hands on as the text written (into interface{} and into strings alike).
        else if (reading === 'yaml-1.1' && value instanceof Date) found.push([source, 'TIMESTAMP', tag]);
        else found.push([typeof value === 'symbol' ? String(value) : value, format, tag]);
      },
    });
    return found;
  };
  const same = (value: string) => {
    const text = `${value}: ${value}\nv: [${value}]\n`;
    assert.deepEqual(scalars(parseDocuments(text)[0].ast, 'go-yaml'), scalars(asYaml11(text), 'yaml-1.1'), value);
  };
  // An agent named e1 is named "e1", a label value 12:30 is "12:30".
  assert.deepEqual(parseDocuments('name: e1\nscale: E7\nreplicas: e10\nat: 12:30\nratio: 1e3\n')[0].value, { name: 'e1', scale: 'E7', replicas: 'e10', at: '12:30', ratio: 1000 });
  for (const value of [
    'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'NO', 'true', 'True', 'TRUE', 'false', 'FALSE', 'on', 'On', 'ON', 'off',
    'OFF', 'null', 'Null', 'NULL', '~', 'e5', 'E+10', 'e-1', 'e', 'eks', 'onion', 'nope', '0b101', '0o17', '0O1_7', '-0X1F', '0B10', '0o', '0o8', '017', '0x1F', '1_000',
    '+12', '-3', '.5', '1.5e3', '.inf', '-.Inf', '.nan', '190:20:30', '1:20.5', '2001-12-14', '2001-12-14t21:59:43.10-05:00',
    '<<', '<a', 'name', 'http://example.com', 'Off-by-one', 'trueish', 'e1', 'E7', 'e10', '+e1', '.e3', '.', '+.', '._5', '.5_0',
    '12:30', '-1:30', '1_0e3', '+._5',
  ]) same(value);
  const character = fc.constantFrom(...'yYnNoOtTfFeElLsSuUrRaAxXbB0179-+._:~<'.split(''));
  fc.assert(fc.property(fc.array(character, { minLength: 1, maxLength: 8 }).map((chars) => chars.join('')), (value) => {
    fc.pre(value !== '-' && !value.endsWith(':'));
    same(value);
  }), { numRuns: 3000 });
});

test('documents share one YAML 1.1 schema; a document declaring %YAML 1.2 is read as 1.2, as the library reads it', () => {
  const [first, second] = parseDocuments('a: yes\n---\nb: on\n');
  assert.equal(first.ast.schema, second.ast.schema);
  assert.deepEqual([first.value, second.value], [{ a: true }, { b: true }]);
  // The shared schema never changes: a later text reads as the first did.
  assert.equal(parseDocuments('c: 1\n')[0].ast.schema, first.ast.schema);
  const [declared, after] = parseDocuments('%YAML 1.2\n---\na: yes\n...\n---\nb: yes\n');
  assert.deepEqual([declared.value, after.value], [{ a: 'yes' }, { b: true }]);
  assert.deepEqual(parseAllDocuments('%YAML 1.2\n---\na: yes\n').map((doc) => (doc as Document).toJS()), [{ a: 'yes' }]);
  // After a byte order mark, the directive still declares the version.
  assert.deepEqual(parseDocuments('\uFEFF%YAML 1.2\n---\na: yes\n').map((doc) => doc.value), [{ a: 'yes' }]);
});

test('a Prometheus configuration is recognised by file name, top-level keys or modeline', () => {
  assert.deepEqual(roles('file:///w/prometheus.yml', 'global: {}\n'), ['prometheus-config']);
  assert.deepEqual(roles('file:///w/my-agent.yaml', 'scrape_config: []\n'), ['prometheus-config']);
  assert.deepEqual(roles('file:///w/config.yaml', 'scrape_configs: []\n'), ['prometheus-config']);
  assert.deepEqual(roles('file:///w/config.yaml', 'global:\n  scrape_interval: 1m\n'), ['prometheus-config']);
  assert.deepEqual(roles('file:///w/config.yaml', '# promagent: prometheus-config\nfoo: 1\n'), ['prometheus-config']);
  assert.deepEqual(roles('file:///w/values.yaml', 'global:\n  image: x\n'), ['unrelated']);
  assert.deepEqual(roles('file:///w/my-agent.yaml', 'foo: 1\n'), ['unrelated']);
  assert.deepEqual(roles('file:///w/agent.yaml', 'apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\n'), ['monitoring:PrometheusAgent']);
});

test('--as forces how documents are read', () => {
  assert.deepEqual(roles('file:///w/values.yaml', 'a: 1\n', 'prometheus-config'), ['prometheus-config']);
  assert.deepEqual(roles('file:///w/prometheus.yml', 'global: {}\n', 'kubernetes'), ['untyped-manifest']);
});

test('unrelated YAML gets no finding at all, broken or not', () => {
  for (const text of [
    'services:\n  web:\n    image: nginx\n    ports: [80\n',
    'a: 1\na: 2\n',
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: Not_Valid\n',
    '',
    '# only a comment\n',
    '- a\n- b\n',
    '!!binary aGVsbG8=\n',
  ]) {
    assert.deepEqual(check(text, { uri: 'file:///w/docker-compose.yaml' }), [], JSON.stringify(text));
  }
});

test('a file named like a configuration that holds none of its keys gets no finding', () => {
  const compose = yaml`
    version: "3"
    services:
      agent:
        image: grafana/agent`;
  const workflow = yaml`
    name: ci
    on: [push]
    jobs:
      test:
        runs-on: ubuntu-latest`;
  assert.deepEqual(check(compose, { uri: 'file:///w/docker-agent.yaml' }), []);
  assert.deepEqual(check(workflow, { uri: 'file:///w/.github/workflows/agent-ci.yml' }), []);
  assert.deepEqual(check('trigger: [main]\npool: {vmImage: ubuntu-latest}\n', { uri: 'file:///w/azure-agent.yml' }), []);
});

test('YAML syntax errors and duplicate keys are flagged where they are', () => {
  const text = yaml`
    apiVersion: monitoring.coreos.com/v1alpha1
    kind: PrometheusAgent
    metadata:
      name: agent
    spec:
      replicas: 1
      replicas: 2
      scrapeInterval: [30s`;
  // What the parser made of the line it recovered on (an unclosed list) is a guess: only the syntax error is said there.
  assert.deepEqual(check(text).map((l) => l.split(' ').slice(0, 3).join(' ')), [
    '7:3 error yaml/duplicate-key',
    '8:23 error yaml/syntax',
  ]);
  assert.match(check(text)[0], /key "replicas" already set in map$/);
  // A Terraform template's placeholder in a flow list: the list the parser recovered holds no target Prometheus drops.
  const template = '# promagent: server v3.5.0\nscrape_configs:\n  - job_name: alertmanager\n    static_configs:\n      - targets: [${alertmanager_dns_names}]\n';
  assert.deepEqual(check(template, { uri: 'file:///w/prometheus.yml' }).map((l) => l.split(' ').slice(0, 3).join(' ')), ['5:20 error yaml/syntax']);
});

test('a broken document in a file of manifests is flagged even when it cannot be classified', () => {
  const text = yaml`
    apiVersion: monitoring.coreos.com/v1alpha1
    kind: PrometheusAgent
    metadata: {name: agent}
    spec: {}
    ---
    key: [unclosed`;
  assert.deepEqual(check(text).map((l) => l.split(' ').slice(0, 3).join(' ')), ['6:15 error yaml/syntax']);
});

test('an alias bomb is refused with a finding, not expanded', () => {
  const lines = ['apiVersion: monitoring.coreos.com/v1alpha1', 'kind: PrometheusAgent', 'metadata: {name: bomb}', 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 12; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
  assert.deepEqual(check(lines.join('\n') + '\n'), ['1:1 error yaml/alias-expansion document not checked: document contains excessive aliasing']);
});

test('a key that is a map merging no map (`{<<: 1}: 2`) is a finding, not a crash', () => {
  const text = yaml`
    apiVersion: v1
    kind: ConfigMap
    metadata: {name: merged}
    {<<: 1}: 2`;
  assert.deepEqual(check(text), ['1:1 error yaml/alias-expansion document not checked: Merge sources must be maps or map aliases']);
  assert.deepEqual(check('? {<<: 1}\n: 2\n'), []);
});

test('an ordered map with a key twice, where the index reads a pod template\'s labels, is a finding, not a crash', () => {
  assert.deepEqual(check(yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web}
    spec:
      selector: {matchLabels: {app: web}}
      template:
        metadata:
          labels: !!omap
            - app: a
            - app: b
        spec: {containers: [{name: c, image: x}]}
    `).filter((line) => line.includes('yaml/')), [
    '1:1 error yaml/alias-expansion document not checked: Ordered maps must not include duplicate keys',
    '8:15 error yaml/syntax Ordered maps must not include duplicate keys: app',
  ]);
});

test('aliases are bounded as go-yaml bounds them: what kubectl accepts is checked, however many aliases it has', () => {
  const manyAliases = yaml`
    apiVersion: v1
    kind: ConfigMap
    metadata: {name: shared}
    data:
      first: &value "on"
  ` + Array.from({ length: 500 }, (_, i) => `  key${i}: *value\n`).join('');
  assert.deepEqual(check(manyAliases), []);
  // 99% of a document may come through aliases: 150 aliases of a 1,000-node list are 99.3%.
  const list = `[${Array(1000).fill('x').join(', ')}]`;
  const share = (aliases: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\nx: &l ${list}\n${Array.from({ length: aliases }, (_, i) => `k${i}: *l\n`).join('')}`;
  assert.deepEqual(check(share(90)), []);
  assert.deepEqual(check(share(150)), ['1:1 error yaml/alias-expansion document not checked: document contains excessive aliasing']);
});

test('an alias without its anchor is flagged where it is', () => {
  const text = yaml`
    apiVersion: monitoring.coreos.com/v1alpha1
    kind: PrometheusAgent
    metadata: {name: a}
    spec:
      serviceMonitorSelector: *team
      ruleSelector: &team {}`;
  assert.deepEqual(check(text), ["5:27 error yaml/unknown-anchor unknown anchor 'team' referenced: no &team before this alias in the document"]);
});

test('data read at a path, without building the whole document, is what the whole document holds there', () => {
  // Built whole, the document is the reference: aliases and merge keys (the only ways data refers elsewhere) in any
  // position they can take, and `*` inside scalars that must not pass for an alias.
  const whole = (text: string) => {
    const ast = parseDocuments(text)[0].ast;
    // An alias inside its own anchor is refused as go-yaml refuses it; the parser alone would build a circle.
    const refused = aliasingError(ast);
    if (refused) return { value: undefined, error: refused };
    try {
      return { value: ast.toJS({ maxAliasCount: -1 }) as unknown, error: undefined };
    } catch (error) {
      return { value: undefined, error: (error as Error).message };
    }
  };
  const at = (value: unknown, path: (string | number)[]) => path.reduce<unknown>((v, key) =>
    v !== null && typeof v === 'object' && Object.hasOwn(v, key) ? (v as Record<string, unknown>)[key] : undefined, value);
  const agree = (text: string) => {
    const document = parseDocuments(text)[0];
    if (!document) return;
    const reference = whole(text);
    assert.equal(document.valueError, reference.error, text);
    if (reference.error !== undefined) return;
    for (const path of [['a'], ['a', 'b'], ['b'], ['b', 0], ['c'], ['c', 'b'], ['constructor'], []]) {
      assert.deepEqual(document.dataAt(path), at(reference.value, path), `${JSON.stringify(path)} in ${text}`);
    }
  };
  for (const text of [
    'a: *x\n', 'a: [*x]\n', 'a: {b: *x}\n', 'a: {"b":*x}\n', 'a:\n- *x\n', '*x\n', '? *x\n: 1\n', 'a:\t*x\n',
    'a: &x {b: 1}\nc: *x\n', 'a: &x {b: 1}\nc:\n  <<: *x\n', 'a: &x 1\nc:\n  <<: *x\n', 'a: ".*"\nb: [x*, "*"]\nc: (.*)\n',
    // An anchor whose name the builder refuses, with no alias to it: the document cannot be built either.
    '? : >- &x: ',
  ]) agree(text);
  const token = fc.constantFrom(
    'a', 'b', 'c', '1', '&x', '*x', '*y', '*', '<<', '.*', '(.*)', '"*"', "'", '"', ':', ': ', ', ', '[', ']', '{', '}', '- ', '-',
    '? ', '?', ' ', '\n', '\n  ', '\t', '#', '!t', '!', '|', '>', '%', '@', '---', '...', '\\', '/', '_',
  );
  fc.assert(fc.property(fc.array(token, { maxLength: 30 }).map((tokens) => tokens.join('')), agree), { numRuns: 10000 });
});

test('duplicate keys are the ones the parser finds comparing every pair of keys, found in linear time', () => {
  // The parser's own check (uniqueKeys) is the reference for which keys repeat; ours points at each repeated key itself.
  const agree = (text: string) => {
    const reference = parseAllDocuments(text, { version: '1.1', merge: true });
    const references = (Array.isArray(reference) ? reference : []).flatMap((d) => d.errors.filter((e) => e.code === 'DUPLICATE_KEY'));
    const documents = parseDocuments(text);
    const ours = documents.flatMap((d) => d.problems.filter((p) => p.code === 'DUPLICATE_KEY'));
    assert.equal(ours.length, references.length, JSON.stringify(text));
    const keyStarts = new Set<number>();
    for (const d of documents) visit(d.ast, { Pair: (_, pair) => void keyStarts.add((pair.key as { range?: number[] } | null)?.range?.[0] ?? -1) });
    for (const problem of ours) assert.ok(keyStarts.has(problem.span.start), JSON.stringify(text));
  };
  for (const text of ['a: 1\na: 2\n', '{a: 1, a: 2}\n', 'x:\n  - {b: 1, b: 2}\n', '1: a\n"1": b\n01: c\n', '&k a: 1\n!!str a: 2\n', 'a: 1\n---\na: 2\n']) agree(text);
  const token = fc.constantFrom('a', 'b', '1', '.nan', '"a"', "'1'", '&x ', '*x', '!!str ', '<<', ': ', ', ', '[', ']', '{', '}', '- ', '? ', ' ', '\n', '\n  ', '#', '---\n');
  fc.assert(fc.property(fc.array(token, { maxLength: 30 }).map((tokens) => tokens.join('')), agree), { numRuns: 5000 });
  const labels = Array.from({ length: 50_000 }, (_, i) => `    k${i}: v`).join('\n');
  const start = performance.now();
  assert.equal(parseDocuments(`global:\n  external_labels:\n${labels}\n    k7: again\n`)[0].problems.length, 1);
  assert.ok(performance.now() - start < 10_000, 'a map of 50,000 keys parses without a quadratic check');
});

test('a document nested too deep to parse safely is not parsed; the finding says where, the other documents are checked', () => {
  const header = 'apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: deep}\nspec:\n';
  const checked = 'apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: shallow}\nspec:\n  replicas: many\n';
  const flow = `${header}  x: ${'['.repeat(600)}${']'.repeat(600)}\n`;
  const block = header + Array.from({ length: 600 }, (_, i) => `${' '.repeat(i + 2)}k${i}:`).join('\n') + '\n';
  // Brackets in quoted strings do not close anything: only the lexer tells them from real ones.
  const disguised = `${header}  x: ${'[ "]", '.repeat(600)}1${']'.repeat(600)}\n`;
  const codes = (text: string) => check(text).map((f) => f.split(' ').slice(0, 3).join(' '));
  assert.deepEqual(codes(`${flow}---\n${checked}`), ['5:1 warning promagent/nesting-too-deep', '11:13 error crd/type']);
  assert.deepEqual(check(flow), ['5:1 warning promagent/nesting-too-deep document not checked: it nests too deep here to parse safely (indentation plus open brackets past 500)']);
  assert.deepEqual(codes(block), ['504:1 warning promagent/nesting-too-deep']);
  assert.deepEqual(codes(disguised), ['5:1 warning promagent/nesting-too-deep']);
  // Many flow collections, each shallow, and brackets in strings are no nesting at all.
  const wide = `global:\n  external_labels: {a: "[[[["}\nremote_write: [{url: 'https://m.example.com/write'}]\nscrape_configs:\n${Array.from({ length: 600 }, (_, i) => `  - job_name: j${i}\n    static_configs: [{targets: ['h${i}:80']}]\n`).join('')}`;
  assert.deepEqual(check(wide, { uri: 'file:///w/prometheus.yml', options: { runBy: { mode: 'agent' } } }), []);
});

test('a line indented between a map\'s keys and their parent\'s, in a map of thousands of keys, is a document not checked, not a crash', () => {
  // Recovering from that line, the parser nests each following key one level deeper than the last: composing 2,000
  // levels overflowed the stack, and V8 aborted the process when a regular expression was compiled right there.
  const labels = Array.from({ length: 2000 }, (_, i) => `    l${i}: v${i}\n`).join('');
  const agent = `apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: big}\nspec:\n  externalLabels:\n${labels}`;
  const at = agent.indexOf('    l10:') + 1;
  const text = `${agent.slice(0, at)}\n${agent.slice(at)}---\napiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: small}\nspec:\n  replicas: many\n`;
  // Twice: the process that survives the first parse is the one whose compiled code reaches deepest.
  for (let i = 0; i < 2; i++) {
    assert.deepEqual(check(text), [
      '515:1 warning promagent/nesting-too-deep document not checked: recovering from an error above, the YAML parser nests each line deeper than the last, past 500 levels here (look for a line indented unlike the keys around it)',
      '2012:13 error crd/type spec.replicas: Invalid value: "many": must be an integer',
    ]);
  }
});

test('a file above the size bound is not parsed, and one finding says so', () => {
  const workspace = new Workspace();
  workspace.maxFileSize = 1000;
  const text = `apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: a}\nspec:\n  x: ${'y'.repeat(2000)}\n`;
  const file = workspace.set('file:///w/big.yaml', text);
  assert.equal(file.documents.length, 0);
  assert.deepEqual(checkFile(file, workspace, defaultCheckOptions).map((f) => `${f.severity} ${f.code} ${f.message}`), [
    'information promagent/file-too-large not checked: the file is 0.0 MB, above promagent.maxFileSize (0.0 MB)',
  ]);
});
