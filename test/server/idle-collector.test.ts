import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { collectWhenIdle } from '../../server/src/node/idleCollector';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// First in the file: the heap the tests after it leave held would hide the growth it looks for.
test('pages V8 kept after collecting on its own are collected once idle, though the heap in use did not grow', async () => {
  const { runInNewContext } = await import('node:vm');
  const { setFlagsFromString } = await import('node:v8');
  let major = 0;
  const observer = new PerformanceObserver((list) => {
    major += list.getEntries().filter((entry) => (entry as PerformanceEntry & { detail: { kind: number } }).detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR).length;
  });
  observer.observe({ entryTypes: ['gc'] });
  const stop = collectWhenIdle({ intervalMs: 100, idleBelow: 0.5, growthBytes: 1024 * 1024 });
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  try {
    // What stays (an open file's analysis): collected once idle, which sets the levels to grow from.
    const kept = Array.from({ length: 100_000 }, (_, i) => ({ i, name: `kept-${i}` }));
    await sleep(500);
    // An edit's garbage, collected by V8 itself: what is in use is back where it was, the pages it took are still held.
    let garbage: unknown[] | undefined = Array.from({ length: 400_000 }, (_, i) => ({ i, name: `object-${i}` }));
    assert.equal(garbage.length, 400_000);
    garbage = undefined;
    gc();
    await sleep(50);
    const before = major;
    await sleep(500);
    assert.ok(major > before, `a compacting collection once idle (${before} -> ${major})`);
    assert.equal(kept.length, 100_000);
  } finally {
    stop();
    observer.disconnect();
  }
});

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

test('the collection once idle gives back the pages garbage left half empty, not only the garbage', async () => {
  const oldSpace = () => getHeapSpaceStatistics().find((space) => space.space_name === 'old_space')!;
  const stop = collectWhenIdle({ intervalMs: 100, idleBelow: 0.5, growthBytes: 1024 * 1024 });
  try {
    // Analyses of four edits, a quarter of each outliving it (what the edit left unchanged), spread over every page.
    const kept: unknown[] = [];
    for (let edit = 0; edit < 4; edit++) {
      let analysis: unknown[] | undefined = [];
      for (let i = 0; i < 200_000; i++) {
        const node = { i, name: `object-${i}`, range: [i, i + 1, i + 2] };
        analysis.push(node);
        if (i % 4 === 0) kept.push(node);
      }
      analysis = undefined;
    }
    await sleep(1_000);
    const { space_size: size, space_used_size: used } = oldSpace();
    assert.ok(size - used < used / 4, `old space: ${(size / 2 ** 20).toFixed(1)} MB held for ${(used / 2 ** 20).toFixed(1)} MB in use`);
    assert.equal(kept.length, 200_000);
  } finally {
    stop();
  }
});
