import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { collectWhenIdle } from '../../server/src/node/idleCollector';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('the server collects garbage once it falls idle after its heap grew, and not again while nothing grows', async () => {
  let major = 0;
  const observer = new PerformanceObserver((list) => {
    major += list.getEntries().filter((entry) => (entry as PerformanceEntry & { detail: { kind: number } }).detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR).length;
  });
  observer.observe({ entryTypes: ['gc'] });
  const stop = collectWhenIdle({ intervalMs: 100, idleBelow: 0.5, growthBytes: 1024 * 1024 });
  try {
    // Garbage kept alive until now, as an edit's analysis is until the next edit replaces it.
    let garbage: unknown[] | undefined = Array.from({ length: 200_000 }, (_, i) => ({ i, name: `object-${i}` }));
    assert.equal(garbage.length, 200_000);
    garbage = undefined;
    await sleep(50);
    const before = major;
    await sleep(500);
    assert.ok(major > before, 'a major collection once idle');
    const after = major;
    await sleep(500);
    assert.equal(major, after, 'none while nothing grows');
  } finally {
    stop();
    observer.disconnect();
  }
});
