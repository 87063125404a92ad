import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InflationBudget, MemberRanges, overlappingMembers, StreamRatio } from '../../../src/stages/unpack/budget.js';

const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);

describe('overlapping zip members', () => {
  it('finds none in a well-formed zip, where members follow each other (touching ends are not overlaps)', () => {
    assert.deepEqual(sorted(overlappingMembers([0, 100, 250], [100, 250, 400])), []);
  });

  it('finds every member of a full overlap: all central-directory entries at one local header', () => {
    assert.deepEqual(sorted(overlappingMembers([500, 0, 500, 500], [900, 100, 900, 900])), [0, 2, 3]);
  });

  it('finds every member of a quoted overlap: each starts inside the one before and all end in the kernel', () => {
    const starts = [1000, 1040, 1080, 1120];
    assert.deepEqual(sorted(overlappingMembers(starts, starts.map(() => 5000))), [0, 1, 2, 3]);
  });

  it('keeps members apart from an overlap, in any order of the directory', () => {
    // Members 1 and 3 share bytes; 0, 2 and 4 are ordinary and listed out of order.
    assert.deepEqual(sorted(overlappingMembers([900, 100, 0, 150, 2000], [1000, 300, 50, 200, 2100])), [1, 3]);
  });

  it('collects ranges past its first allocation', () => {
    const ranges = new MemberRanges();
    for (let i = 0; i < 5000; i++) ranges.add(i * 10, i * 10 + 10);
    ranges.add(49_995, 60_000);
    assert.equal(ranges.length, 5001);
    assert.deepEqual(sorted(ranges.overlapping()), [4999, 5000]);
  });
});

describe('inflation budget', () => {
  const limits = { maxTotalBytes: 64 * 2 ** 30, maxBundleRatio: 200, bundleFloorBytes: 4 * 2 ** 30 };

  it('is the ratio times the bundle on disk, at least the floor and at most the absolute cap', () => {
    assert.equal(new InflationBudget(limits, 2 ** 20).limit, 4 * 2 ** 30);
    assert.equal(new InflationBudget(limits, 100 * 2 ** 20).limit, 200 * 100 * 2 ** 20);
    assert.equal(new InflationBudget(limits, 2 ** 30).limit, 64 * 2 ** 30);
  });

  it('counts every spend against one total and says which limit stopped it', () => {
    const budget = new InflationBudget({ ...limits, bundleFloorBytes: 1000 }, 10);
    assert.equal(budget.limit, 2000);
    assert.equal(budget.spend(1500), null);
    assert.equal(budget.wouldPass(600), true);
    assert.match(budget.spend(600) ?? '', /^Too much data for a bundle of 10 bytes: more than 2000 bytes decompressed, 200 times its size \(limit maxBundleRatio\)/);
    assert.match(new InflationBudget({ ...limits, bundleFloorBytes: 1000 }, 1).exhausted(), /limit bundleFloorBytes/);
    assert.match(new InflationBudget({ ...limits, maxTotalBytes: 10 }, 1).exhausted(), /limit maxTotalBytes/);
  });

  it('grows with the files of a folder as they are found', () => {
    const budget = new InflationBudget({ ...limits, bundleFloorBytes: 0 }, 0);
    budget.addPacked(50);
    assert.equal(budget.limit, 10_000);
  });
});

describe('stream compression ratio', () => {
  it('judges nothing below the floor, then stops a stream past the ratio', () => {
    const ratio = new StreamRatio(1000, 1 << 20);
    ratio.consumed(100);
    assert.equal(ratio.output(1 << 20), null);
    assert.match(ratio.output(1) ?? '', /^Too high a compression ratio: 10486:1 after 1048577 bytes \(limit maxCompressionRatio 1000\), a likely zip bomb/);
  });

  it('lets well-compressed text through', () => {
    const ratio = new StreamRatio(1000, 1024);
    ratio.consumed(10_000);
    assert.equal(ratio.output(200_000), null);
  });
});
