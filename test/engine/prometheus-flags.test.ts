import { test } from 'node:test';
import assert from 'node:assert/strict';
import data from '../../schemas/prometheus-flags.json';
import {
  featureNames, featureSpec, flagExits, flagMessage, flagNames, flagReleases, flagSpec, flagsModelled,
} from '../../server/src/engine/model/prometheusFlags';
import { compareVersions } from '../../server/src/engine/util/version';

// Facts checked against cmd/prometheus/main.go of the sampled tags (and the CHANGELOG where a release is named).
// The data itself is regenerated with `npm run schemas:flags -- <prometheus source>`; tests never read the source.

test('--agent is a flag from v3.0.0; before it agent mode was --enable-feature=agent', () => {
  assert.deepEqual(flagSpec('agent', 'v3.0.0'), { since: 'v3.0.0', kind: 'bool' });
  assert.equal(flagSpec('agent', 'v2.55.0'), undefined);
  assert.ok(featureSpec('agent', 'v2.32.0'));
  assert.ok(featureSpec('agent', 'v2.45.0'));
  assert.equal(featureSpec('agent', 'v3.0.0'), undefined);
  assert.ok(flagNames('v3.14.0').includes('agent') && !flagNames('v2.53.0').includes('agent'));
  assert.ok(featureNames('v2.55.0').includes('agent') && !featureNames('v3.0.0').includes('agent'));
});

test('storage flags are refused in the other mode: tsdb ones in agent mode, agent ones in server mode', () => {
  for (const version of ['v2.32.0', 'v2.53.0', 'v3.0.0', 'v3.14.0']) {
    assert.equal(flagSpec('storage.tsdb.retention.time', version)?.serverOnly, true, version);
    assert.equal(flagSpec('storage.tsdb.retention.time', version)?.kind, 'duration', version);
    assert.equal(flagSpec('storage.tsdb.path', version)?.serverOnly, true, version);
    assert.equal(flagSpec('storage.agent.path', version)?.agentOnly, true, version);
    assert.equal(flagSpec('storage.agent.path', version)?.kind, 'string', version);
  }
  // Flags of both modes carry neither mark.
  assert.deepEqual(flagSpec('storage.remote.flush-deadline', 'v3.14.0'), { since: 'v2.32.0', kind: 'duration' });
  assert.equal(flagSpec('storage.tsdb.retention.time', 'v3.14.0')?.deprecated, true, 'v3.14 moved retention to the config file');
  assert.equal(flagSpec('storage.tsdb.retention.time', 'v3.5.0')?.deprecated, undefined);
});

test('value kinds follow the kingpin call: model.Duration, time.Duration, sizes, enums, ints', () => {
  assert.equal(flagSpec('query.timeout', 'v3.0.0')?.kind, 'duration');
  assert.deepEqual(flagSpec('scrape.timestamp-tolerance', 'v3.0.0'), { since: 'v2.32.0', kind: 'go-duration', hidden: true });
  assert.equal(flagSpec('storage.tsdb.retention.size', 'v2.45.0')?.kind, 'size');
  assert.deepEqual(flagSpec('storage.agent.wal-compression-type', 'v3.5.0')?.enum, ['snappy', 'zstd']);
  assert.equal(flagSpec('storage.agent.wal-compression-type', 'v2.45.0'), undefined);
  assert.equal(flagSpec('storage.remote.read-sample-limit', 'v3.0.0')?.kind, 'int', 'its default is 5e7: kingpin ints parse as floats');
  assert.equal(flagSpec('rules.max-concurrent-evals', 'v3.0.0')?.kind, 'int64');
  assert.equal(flagSpec('auto-gomemlimit.ratio', 'v3.0.0')?.kind, 'float');
  assert.deepEqual(flagSpec('log.level', 'v3.14.0')?.enum, ['debug', 'info', 'warn', 'error']);
  assert.deepEqual(flagSpec('log.format', 'v2.32.0')?.enum, ['logfmt', 'json']);
  assert.deepEqual(flagSpec('web.remote-write-receiver.accepted-protobuf-messages', 'v3.0.0'), {
    since: 'v2.54.0', kind: 'enum', enum: ['prometheus.WriteRequest', 'io.prometheus.write.v2.Request'], repeatable: true,
  });
});

test('a flag whose declaration changed has one spec per range of releases', () => {
  assert.equal(flagSpec('web.listen-address', 'v2.53.0')?.repeatable, undefined);
  assert.equal(flagSpec('web.listen-address', 'v2.55.0')?.repeatable, true);
  assert.equal(flagSpec('enable-feature', 'v2.32.0')?.repeatable, true);
  // Overlapping blocks became the default in v2.39 (CHANGELOG); the flag stayed, hidden and ignored, until v3.0.
  assert.equal(flagSpec('storage.tsdb.allow-overlapping-blocks', 'v2.38.0')?.hidden, undefined);
  assert.deepEqual(flagSpec('storage.tsdb.allow-overlapping-blocks', 'v2.45.0'), {
    since: 'v2.39.0', until: 'v3.0.0', kind: 'bool', hidden: true, deprecated: true, serverOnly: true,
  });
  assert.equal(flagSpec('storage.tsdb.allow-overlapping-blocks', 'v3.0.0'), undefined);
  assert.equal(flagSpec('storage.tsdb.retention', 'v2.55.0')?.deprecated, true);
  assert.equal(flagSpec('storage.tsdb.retention', 'v3.0.0'), undefined);
});

test('the CHANGELOG dates what appeared between two samples', () => {
  // Sampled first in v2.45.0; the CHANGELOG of v2.34.0 adds it.
  assert.equal(flagSpec('storage.tsdb.head-chunks-write-queue-size', 'v2.33.0'), undefined);
  assert.equal(flagSpec('storage.tsdb.head-chunks-write-queue-size', 'v2.34.0')?.kind, 'int');
  // v2.33.0 promoted remote-write-receiver: the flag arrived and the feature's log line says "Use --web.enable-…".
  assert.equal(flagSpec('web.enable-remote-write-receiver', 'v2.33.0')?.kind, 'bool');
  assert.equal(featureSpec('remote-write-receiver', 'v2.32.0')?.deprecated, undefined);
  assert.equal(featureSpec('remote-write-receiver', 'v2.33.0')?.deprecated, true);
  assert.equal(featureSpec('native-histograms', 'v2.39.0'), undefined);
  assert.ok(featureSpec('native-histograms', 'v2.40.0'));
  // Without a CHANGELOG entry the sample stands.
  assert.equal(flagSpec('storage.agent.checkpoint-batch-size', 'v3.14.0')?.since, 'v3.14.0');
});

test('features that became no-ops are still accepted, with the line Prometheus logs', () => {
  const permanent = 'This option for --enable-feature is now permanently enabled and therefore a no-op.';
  assert.deepEqual(featureSpec('ooo-native-histograms', 'v3.0.0'), { since: 'v3.0.0', until: 'v3.4.0' });
  assert.deepEqual(featureSpec('ooo-native-histograms', 'v3.5.0'), { since: 'v3.4.0', noop: true, message: permanent });
  assert.equal(featureSpec('promql-at-modifier', 'v2.32.0')?.noop, undefined);
  assert.equal(featureSpec('promql-at-modifier', 'v2.45.0')?.message, permanent);
  assert.equal(featureSpec('promql-at-modifier', 'v3.0.0'), undefined);
  assert.equal(featureSpec('native-histograms', 'v3.5.0')?.noop, undefined);
  assert.equal(featureSpec('native-histograms', 'v3.14.0')?.noop, true);
  assert.equal(featureSpec('promql-duration-expr', 'v3.14.0')?.noop, true);
  assert.equal(featureSpec('auto-reload-config', 'v3.14.0')?.deprecated, true);
  assert.equal(flagSpec('config.auto-reload', 'v3.14.0')?.kind, 'bool');
  assert.equal(featureSpec('exemplar-storage', 'v3.14.0')?.noop, undefined);
  assert.equal(featureSpec('no-such-feature', 'v3.14.0'), undefined);
  // An empty name (`--enable-feature=a,,b`) was skipped silently until v3.14, which warns about it.
  assert.equal(featureSpec('', 'v3.5.0')?.noop, true);
  assert.equal(featureSpec('', 'v3.14.0'), undefined);
  assert.ok(!featureNames('v3.5.0').includes(''));
});

test('kingpin and Prometheus messages, as each release prints them', () => {
  assert.equal(flagMessage('parseError', 'v2.32.0'), 'Error parsing commandline arguments: %s');
  assert.equal(flagMessage('parseError', 'v2.45.0'), 'Error parsing commandline arguments: %s');
  assert.equal(flagMessage('parseError', 'v3.14.0'), 'Error parsing command line arguments: %s');
  assert.equal(flagMessage('unknownFlag', 'v3.0.0'), "unknown long flag '%s'");
  assert.equal(flagMessage('unexpectedArgument', 'v3.0.0'), 'unexpected %s');
  assert.equal(flagMessage('value.enum', 'v3.0.0'), "enum value must be one of %s, got '%s'");
  assert.equal(flagMessage('serverOnly', 'v2.32.0'), 'The following flag(s) can not be used in agent mode: %q');
  assert.equal(flagMessage('agentOnly', 'v3.14.0'), 'The following flag(s) can only be used in agent mode: %q');
  assert.equal(flagMessage('unknownFeature', 'v3.14.0'), 'Unknown option for --enable-feature');
  assert.deepEqual(flagExits, { parseError: 2, featureListError: 1, serverOnly: 3, agentOnly: 3 });
});

test('help and version flags print and exit; releases outside the samples', () => {
  assert.deepEqual(flagSpec('help', 'v3.0.0'), { since: 'v2.32.0', kind: 'bool', exits: true, short: 'h' });
  assert.equal(flagSpec('version', 'v2.32.0')?.exits, true);
  assert.equal(flagSpec('help-long', 'v2.32.0')?.hidden, true);
  assert.equal(flagSpec('no-such-flag', 'v3.0.0'), undefined);
  assert.equal(flagSpec('toString', 'v3.0.0'), undefined);
  assert.equal(flagsModelled('v2.31.1'), false);
  assert.equal(flagsModelled('v2.32.0'), true);
  // A release newer than the newest sample reads as the newest.
  assert.deepEqual(flagSpec('agent', 'v3.99.0'), flagSpec('agent', flagReleases.at(-1)!));
});

test('the data is well formed: ranges ordered and inside known releases, every kind known', () => {
  const kinds = new Set(['string', 'bool', 'int', 'int64', 'float', 'duration', 'go-duration', 'size', 'enum', 'url']);
  const { flags, features } = data as { flags: Record<string, object>; features: Record<string, object> };
  const ranges = (entry: object) => [entry].flat() as { since: string; until?: string; kind?: string; enum?: string[] }[];
  for (const [name, entry] of [...Object.entries(flags), ...Object.entries(features)]) {
    let previous: string | undefined;
    for (const range of ranges(entry)) {
      assert.ok(compareVersions(range.since, flagReleases[0]) >= 0, name);
      if (previous) assert.ok(compareVersions(range.since, previous) >= 0, `${name}: ranges overlap`);
      if (range.until) assert.ok(compareVersions(range.until, range.since) > 0, `${name}: empty range`);
      previous = range.until ?? range.since;
    }
  }
  for (const [name, entry] of Object.entries(flags)) {
    for (const range of ranges(entry)) {
      assert.ok(kinds.has(range.kind!), `${name}: ${range.kind}`);
      assert.equal(range.kind === 'enum', Boolean(range.enum?.length), name);
    }
  }
});
