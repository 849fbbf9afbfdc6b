import { test } from 'node:test';
import assert from 'node:assert/strict';
import { yaml } from '../support/engine';
import { checkConfig, messages, v2 } from '../support/promconfig';

const rw = 'remote_write:\n  - url: https://a.example.com/write\n';
const withInterval = (value: string) => `global:\n  scrape_interval: ${value}\n${rw}`;

test('durations Prometheus accepts: units biggest first, each once, and a bare 0', () => {
  for (const value of ['1h30m', '0', '0s', '2d12h', '1m30s500ms', '1y1w1d1h1m1s1ms', '01m', '5ms']) {
    assert.deepEqual(checkConfig(withInterval(value)), [], value);
  }
});

test('durations Prometheus v3 refuses, in its words, on the value', () => {
  const cases: [string, string][] = [
    ['1H', 'unknown unit "H" in duration "1H"'],
    ['1.5h', 'unknown unit "." in duration "1.5h"'],
    ['"1 h"', 'unknown unit " h" in duration "1 h"'],
    ['1µs', 'unknown unit "µs" in duration "1µs"'],
    ['30', 'not a valid duration string: "30"'],
    ['1m1d', 'not a valid duration string: "1m1d"'],
    ['1h1h', 'not a valid duration string: "1h1h"'],
    ['-1h', 'not a valid duration string: "-1h"'],
    ['""', 'empty duration string'],
    ['300y', 'duration out of range'],
  ];
  for (const [value, message] of cases) assert.deepEqual(messages(withInterval(value), 'promconfig/duration'), [message], value);
  assert.deepEqual(checkConfig(withInterval('1H')), ['2:20 error promconfig/duration unknown unit "H" in duration "1H"']);
});

test('before v2.43 the regular expression named no unit', () => {
  assert.deepEqual(messages(withInterval('1H'), 'promconfig/duration', v2), ['not a valid duration string: "1H"']);
  assert.deepEqual(messages(withInterval('1.5h'), 'promconfig/duration', v2), ['not a valid duration string: "1.5h"']);
  assert.deepEqual(messages(withInterval('300y'), 'promconfig/duration', v2), ['duration out of range']);
});

test('a duration key with no value is unset (0), not an error', () => {
  assert.deepEqual(checkConfig(withInterval('')), []);
});

const withSize = (value: string) => `scrape_configs:\n  - job_name: a\n    body_size_limit: ${value}\n${rw}`;

test('byte sizes: base-2 and SI-style units, fractions, sums and 0', () => {
  for (const value of ['0', '1.5MB', '512KiB', '1MB512KB', '10GiB', '+1B', '.5GB']) assert.deepEqual(checkConfig(withSize(value)), [], value);
});

test('byte sizes units.ParseBase2Bytes refuses', () => {
  const cases: [string, string][] = [
    ['100', 'units: unknown unit  in 100'],
    ['10kB', 'units: unknown unit kB in 10kB'],
    ['1mb', 'units: unknown unit mb in 1mb'],
    ['1MB2KiB', 'units: unknown unit KiB in 1MB2KiB'],
    ['abc', 'units: invalid abc'],
    ['""', 'units: invalid '],
  ];
  for (const [value, message] of cases) assert.deepEqual(messages(withSize(value), 'promconfig/size'), [message], value);
  assert.deepEqual(checkConfig(withSize('100')), ['3:22 error promconfig/size units: unknown unit  in 100']);
});

test('URLs url.Parse refuses, wrapped as Go wraps them', () => {
  const cases: [string, string][] = [
    ['"http://a b/write"', 'parse "http://a b/write": invalid character " " in host name'],
    ['https://a.example.com/%zz', 'parse "https://a.example.com/%zz": invalid URL escape "%zz"'],
    ['"://a.example.com"', 'parse "://a.example.com": missing protocol scheme'],
    ['"1http://a"', 'parse "1http://a": first path segment in URL cannot contain colon'],
    ['http://a:port/write', 'parse "http://a:port/write": invalid port ":port" after host'],
    ['"http://a\\tb"', 'parse "http://a\\tb": net/url: invalid control character in URL'],
    // A host %-escapes only bytes past ASCII (and %25); an IPv6 zone only bytes a host may hold as they are.
    ["'http://%41/'", 'parse "http://%41/": invalid URL escape "%41"'],
    ["'http://a%2Fb/'", 'parse "http://a%2Fb/": invalid URL escape "%2F"'],
    ["'http://[fe80::1%25en%2F0]/'", 'parse "http://[fe80::1%25en%2F0]/": invalid URL escape "%2F"'],
  ];
  for (const [value, message] of cases) assert.deepEqual(messages(`remote_write:\n  - url: ${value}\n`, 'promconfig/url'), [message], value);
});

test('URLs url.Parse accepts, empty and opaque ones included', () => {
  for (const value of ['""', 'https://a.example.com:443/api/v1/write?x=1#f', 'not-a-url', 'mailto:x@example.com', 'http://[::1]:9090/write', "'http://caf%C3%A9.example/'", "'http://[fe80::1%25en%41]/'", "'http://a.example.com/%41'"]) {
    assert.deepEqual(checkConfig(`remote_write:\n  - url: ${value}\n`), [], value);
  }
  assert.deepEqual(checkConfig(yaml`
    scrape_configs:
      - job_name: a
        proxy_url: http://proxy.example.com:3128
  ` + rw), []);
});
