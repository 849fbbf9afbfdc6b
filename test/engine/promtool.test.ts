import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findings } from '../support/engine';

/**
 * A second opinion that is not ours: Debian's promtool (2.42.0) checks every configuration of the corpus in agent
 * mode, and so does the promagent CLI for the same version. Every configuration promtool rejects must be rejected by
 * promagent with promtool's message (and line, where promtool gives one) among its findings; a configuration promtool
 * accepts must get no error. Debian's build has no kubernetes, consul, kuma, linode or nomad discovery, and aws_sd is
 * newer: the corpus leaves them out (the rules do not).
 */

const corpus = resolve('test/fixtures/prometheus-configs');
const cli = resolve('dist/cli.js');
const files = readdirSync(corpus).filter((name) => name.endsWith('.yml')).sort();
const missingFromDebian = /\b(kubernetes|consul|kuma|linode|nomad|aws)_sd_configs\b/;

interface PromtoolMessage {
  line?: number;
  text: string;
}

interface Diagnostic {
  severity: string;
  code: string;
  message: string;
  range: { start: { line: number; character: number } };
}

/** Installs Debian's prometheus package (for promtool) when it is missing; only root can. */
function promtoolVersion(): string {
  const probe = () => spawnSync('promtool', ['--version'], { encoding: 'utf8' });
  let result = probe();
  if (result.error) {
    if (process.getuid?.() !== 0) {
      throw new Error('promtool is missing: install Debian\'s prometheus package (apt-get install -y prometheus), or run the tests as root to let them install it');
    }
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'prometheus']]) {
      const apt = spawnSync('apt-get', args, { encoding: 'utf8', env });
      if (apt.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed: ${apt.stderr}`);
    }
    result = probe();
  }
  const version = /version (\d+\.\d+\.\d+)/.exec(result.stdout)?.[1];
  if (!version) throw new Error(`cannot read promtool's version from: ${result.stdout}${result.stderr}`);
  return `v${version}`;
}

interface Verdict {
  accepted: boolean;
  messages: PromtoolMessage[];
}

/**
 * promtool's verdicts, from one run over the whole corpus (its output and errors interleaved, one `Checking <file>`
 * block per file): the messages without the `parsing YAML file <path>: ` prefix, one per `line N:` it lists.
 */
function promtool(): Map<string, Verdict> {
  const result = spawnSync('sh', ['-c', 'promtool check config --agent "$@" 2>&1', 'promtool', ...files], { cwd: corpus, encoding: 'utf8' });
  const verdicts = new Map<string, Verdict>();
  for (const block of result.stdout.split(/^Checking /m).slice(1)) {
    const file = block.slice(0, block.indexOf('\n'));
    const failure = /FAILED: ([\s\S]*)$/.exec(block)?.[1].trim();
    if (!failure) {
      assert.match(block, /SUCCESS/, `promtool ${file}: ${block}`);
      verdicts.set(file, { accepted: true, messages: [] });
      continue;
    }
    const text = failure.replace(`parsing YAML file ${file}: `, '');
    const messages = text.startsWith('yaml: unmarshal errors:')
      ? [...text.matchAll(/^\s*line (\d+): (.*)$/gm)].map((m) => ({ line: Number(m[1]), text: m[2] }))
      : [{ text }];
    verdicts.set(file, { accepted: false, messages });
  }
  return verdicts;
}

function promagent(version: string): Map<string, Diagnostic[]> {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build (npm test builds it first)`);
  const result = spawnSync(process.execPath, [cli, 'check', '--as', 'prometheus-config', '--as', 'agent', '--prometheus-version', version, '--format', 'json', corpus], { encoding: 'utf8' });
  if (result.status !== 0 && result.status !== 1) throw new Error(`promagent failed: ${result.stderr}`);
  const report = JSON.parse(result.stdout) as { files: { path: string; diagnostics: Diagnostic[] }[] };
  return new Map(report.files.map((file) => [file.path.split('/').pop()!, file.diagnostics]));
}

const show = (d: Diagnostic) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message}`;

describe('promtool and promagent agree on the corpus', () => {
  let verdicts = new Map<string, Verdict>();
  let diagnostics = new Map<string, Diagnostic[]>();
  before(() => {
    const version = promtoolVersion();
    verdicts = promtool();
    diagnostics = promagent(version);
  });

  test('the corpus holds at least 80 configurations, good and bad, without the SDs Debian\'s build lacks', () => {
    assert.ok(files.length >= 80, `${files.length} configurations`);
    assert.ok(files.some((f) => f.startsWith('good-')) && files.some((f) => f.startsWith('bad-')));
    assert.deepEqual(files.filter((f) => missingFromDebian.test(readFileSync(join(corpus, f), 'utf8'))), []);
  });

  for (const file of files) {
    test(file, () => {
      const verdict = verdicts.get(file);
      assert.ok(verdict, `promtool did not check ${file}`);
      const errors = (diagnostics.get(file) ?? []).filter((d) => d.severity === 'error');
      assert.equal(verdict.accepted, file.startsWith('good-'), `promtool ${verdict.accepted ? 'accepts' : 'rejects'} ${file}: ${JSON.stringify(verdict.messages)}`);
      if (verdict.accepted) {
        assert.deepEqual(errors.map(show), [], 'promtool accepts this configuration');
        return;
      }
      for (const expected of verdict.messages) {
        const found = errors.some((d) => d.message.startsWith(expected.text) && (expected.line === undefined || d.range.start.line + 1 === expected.line));
        assert.ok(found, `promtool says ${expected.line ? `line ${expected.line}: ` : ''}${expected.text}\npromagent says:\n  ${errors.map(show).join('\n  ')}`);
      }
    });
  }
});

/**
 * Where Prometheus v3 says something else than promtool 2.42 about a configuration of the corpus, and why. Each entry
 * is checked against the engine for v3.13.2 (the operator's default); `v3: undefined` means v3 accepts it.
 */
const versionDifferences: { file: string; v3?: string; reason: string }[] = [
  { file: 'bad-duration-unit-case.yml', v3: 'unknown unit "H" in duration "1H"', reason: 'prometheus/common v0.42 (Prometheus v2.43) parses durations with a scanner that names the unit it does not know' },
  { file: 'bad-duration-fraction.yml', v3: 'unknown unit "." in duration "1.5s"', reason: 'the same scanner reads "1" then the unit ".", instead of failing the whole regular expression' },
  { file: 'bad-relabel-regex.yml', v3: 'error parsing regexp: missing closing ): `^(?s:a(b)$`', reason: 'v3 compiles relabel regexes as ^(?s:…)$ so that a dot matches a newline' },
  { file: 'bad-external-label-name.yml', reason: 'v3 accepts UTF-8 label names (metric_name_validation_scheme defaults to utf8)' },
  { file: 'bad-static-label-name.yml', reason: 'v3 accepts UTF-8 label names' },
  { file: 'bad-source-label-name.yml', reason: 'v3 accepts UTF-8 label names' },
  { file: 'bad-relabel-invalid-target.yml', reason: 'v3 accepts UTF-8 label names, "1bad" among them' },
  { file: 'bad-relabel-hashmod-target.yml', reason: 'v3 accepts UTF-8 label names' },
  { file: 'bad-relabel-labelmap-replacement.yml', reason: 'v3 accepts UTF-8 label names as labelmap replacements' },
  { file: 'bad-relabel-invalid-target-vars.yml', reason: 'under UTF-8 names any non-empty target_label is valid, $ references included' },
  { file: 'bad-rw-sigv4-basic.yml', v3: 'at most one of basic_auth, authorization, oauth2, sigv4, azuread or google_iam must be configured. Currently configured: [basic_auth sigv4]', reason: 'azuread (v2.45) and google_iam joined the auth methods, and the message lists what is configured' },
  { file: 'bad-rw-auth-header.yml', v3: 'authorization header must be changed via the basic_auth, authorization, oauth2, sigv4, azuread or google_iam parameter', reason: 'the message lists the newer auth methods' },
  { file: 'bad-oauth2-no-secret.yml', reason: 'prometheus/common made the client secret optional (JWT-bearer and other grant types)' },
  { file: 'bad-http-password-both.yml', v3: 'at most one of basic_auth password, password_file & password_ref must be configured', reason: 'password_ref (secret managers) joined password and password_file' },
  { file: 'bad-proxy-connect-header.yml', v3: 'if proxy_connect_header is configured, proxy_url or proxy_from_environment must also be configured', reason: 'proxy_from_environment (v2.43) also satisfies the check' },
  { file: 'bad-tls-cert-without-key.yml', v3: 'exactly one of key or key_file must be configured when a client certificate is configured', reason: '2.42 had only promtool\'s file check; prometheus/common checks the pair itself since inline certificates, for every tls_config' },
  { file: 'bad-tls-key-without-cert.yml', v3: 'exactly one of cert or cert_file must be configured when a client key is configured', reason: 'as above' },
  { file: 'bad-newer-global-limits.yml', reason: 'global sample_limit and body_size_limit arrived in v2.45' },
  { file: 'bad-newer-scrape-protocols.yml', reason: 'scrape_protocols and enable_compression arrived in v2.49' },
  { file: 'bad-newer-proxy-keys.yml', reason: 'no_proxy and proxy_from_environment arrived in v2.43' },
  { file: 'bad-scaleway-sd-zone.yml', v3: "scaleway-sdk-go: invalid default zone format 'par1', available zones are: fr-par-1, fr-par-2, fr-par-3, nl-ams-1, nl-ams-2, nl-ams-3, pl-waw-1, pl-waw-2, pl-waw-3, it-mil-1", reason: 'the Scaleway SDK of v3 lists the zones opened since' },
  { file: 'bad-scaleway-sd-api-url.yml', v3: "scaleway-sdk-go: invalid API url 'https://api.scaleway.com/' it should not have a trailing slash", reason: 'the Scaleway SDK of v3 names the API URL and quotes it' },
  { file: 'bad-newer-http-headers.yml', reason: 'http_headers arrived in v2.55' },
  { file: 'bad-newer-otlp.yml', reason: 'the otlp block arrived in v2.55' },
  { file: 'good-queue-config-empty.yml', v3: 'remote write queue max_shards must be positive', reason: 'queue_config is validated since v3.12, and written empty its settings are all zero' },
  { file: 'good-queue-zero-shards.yml', v3: 'remote write queue max_shards must be positive', reason: 'queue_config is validated since v3.12' },
];

describe('differences between v2.42 and v3', () => {
  for (const difference of versionDifferences) {
    test(`${difference.file}: ${difference.reason}`, () => {
      const text = readFileSync(join(corpus, difference.file), 'utf8');
      const errors = findings(text, { uri: `file://${corpus}/${difference.file}`, options: { readAs: 'prometheus-config', prometheusVersionGiven: true } })
        .filter((f) => f.severity === 'error').map((f) => f.message);
      if (difference.v3 === undefined) assert.deepEqual(errors, []);
      else assert.ok(errors.includes(difference.v3), `v3 expected: ${difference.v3}\ngot: ${errors.join('\n')}`);
    });
  }
});
