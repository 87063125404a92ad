/**
 * How much a bundle may unpack to, and which zip members may be unpacked at all. Kept apart from the archive
 * readers so that any reader (the yauzl one today, one of positioned reads later) applies the same rules: it
 * hands over byte ranges and byte counts, and gets decisions back.
 */

/** The caps {@link InflationBudget} applies; the same names as in `UnpackLimits`. */
export interface BudgetLimits {
  /** Absolute cap on decompressed bytes, every nesting level counted. */
  maxTotalBytes: number;
  /** Decompressed bytes per byte of the bundle on disk, every nesting level counted. */
  maxBundleRatio: number;
  /** The ratio cap never goes below this many bytes, so a small bundle may still unpack to a few GiB. */
  bundleFloorBytes: number;
}

/**
 * One budget of decompressed bytes for a whole bundle. A zip member, the bugtool `.tar.gz` it holds and an archive
 * inside that all draw on it, so a bomb nested two levels down runs out of the same budget as one at the top. The
 * budget is `maxBundleRatio` times the bundle's size on disk, at least `bundleFloorBytes`, at most `maxTotalBytes`.
 */
export class InflationBudget {
  /** Decompressed bytes counted so far. */
  used = 0;
  private packed: number;

  constructor(
    readonly limits: BudgetLimits,
    /** Size of the bundle on disk; for a folder, grown file by file with {@link addPacked}. */
    packedBytes: number,
  ) {
    this.packed = Math.max(packedBytes, 0);
  }

  /** Bytes that may be decompressed in all. */
  get limit(): number {
    return Math.min(this.limits.maxTotalBytes, Math.max(this.limits.bundleFloorBytes, this.limits.maxBundleRatio * this.packed));
  }

  /** A folder's files count as packed bytes as they are found. */
  addPacked(bytes: number): void {
    this.packed += Math.max(bytes, 0);
  }

  /** Counts decompressed bytes; returns why the budget is spent once it is, else null. */
  spend(bytes: number): string | null {
    this.used += bytes;
    return this.used > this.limit ? this.exhausted() : null;
  }

  /** Would `bytes` more pass the budget? For sizes declared before any byte is read. */
  wouldPass(bytes: number): boolean {
    return this.used + bytes > this.limit;
  }

  /** Why the budget is spent, naming the limit that set it. */
  exhausted(): string {
    const limit = this.limit;
    if (limit === this.limits.maxTotalBytes) return `Too much data: more than ${limit} bytes decompressed (limit maxTotalBytes); reading stopped`;
    const floor = limit === this.limits.bundleFloorBytes;
    return floor
      ? `Too much data for a bundle of ${this.packed} bytes: more than ${limit} bytes decompressed (limit bundleFloorBytes, the least maxBundleRatio allows), a likely zip bomb; reading stopped`
      : `Too much data for a bundle of ${this.packed} bytes: more than ${limit} bytes decompressed, ${this.limits.maxBundleRatio} times its size (limit maxBundleRatio); reading stopped`;
  }
}

/**
 * The compression ratio of one stream as it inflates: the bytes that went in and the bytes that came out. Zip
 * members declare their sizes and are judged before any byte is read; a gzip stream (a `.tar.gz` bundle, a bugtool
 * archive inside the zip, an archive inside that) declares nothing, so it is judged as it goes.
 */
export class StreamRatio {
  packed = 0;
  unpacked = 0;

  constructor(
    readonly maxRatio: number,
    /** Output below this is never judged: small files compress well. */
    readonly floorBytes: number,
  ) {}

  /**
   * Sets the packed bytes the inflater has consumed so far (zlib's `bytesWritten`): counting them as they are
   * written would run ahead of the output by whatever the streams buffer, and let a bomb look tame.
   */
  consumed(bytes: number): void {
    this.packed = bytes;
  }

  /** Counts output; returns why the stream looks like a bomb once it does, else null. */
  output(bytes: number): string | null {
    this.unpacked += bytes;
    if (this.unpacked <= this.floorBytes) return null;
    const ratio = this.unpacked / Math.max(this.packed, 1);
    if (ratio <= this.maxRatio) return null;
    return `Too high a compression ratio: ${Math.round(ratio)}:1 after ${this.unpacked} bytes (limit maxCompressionRatio ${this.maxRatio}), a likely zip bomb; reading of it stopped`;
  }
}

/**
 * Members whose bytes in the file overlap another member's: the non-recursive zip bomb (David Fifield, "A better
 * zip bomb", 2019) points many central-directory entries at one compressed kernel, so a few megabytes unpack to
 * terabytes without any nesting. A well-formed zip never shares bytes between members.
 *
 * `starts[i]` is member i's local header offset, `ends[i]` the end of its data (at least `start + 30 + name length
 * + compressed size`: a lower bound is enough, since a bomb's members overlap in their data). Returns the indices
 * of every member that overlaps some other. Ranges that touch (`end === start`) do not overlap.
 */
export function overlappingMembers(starts: ArrayLike<number>, ends: ArrayLike<number>): Set<number> {
  const n = starts.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => (starts[a] as number) - (starts[b] as number) || (ends[b] as number) - (ends[a] as number));
  const out = new Set<number>();
  // A run of ranges each starting before the furthest end so far: every member of a run of two or more overlaps
  // another member of it (the one that reached furthest when it started).
  let runStart = 0;
  let runEnd = -Infinity;
  const close = (to: number) => {
    if (to - runStart >= 2) for (let k = runStart; k < to; k++) out.add(order[k] as number);
  };
  for (let k = 0; k < n; k++) {
    const i = order[k] as number;
    const start = starts[i] as number;
    const end = ends[i] as number;
    if (start < runEnd) {
      runEnd = Math.max(runEnd, end);
      continue;
    }
    close(k);
    runStart = k;
    runEnd = end;
  }
  close(n);
  return out;
}

/**
 * Byte ranges of zip members, collected from the central directory before any member is inflated. Typed arrays
 * that grow by doubling: two million entries cost 32 MB, not two million objects.
 */
export class MemberRanges {
  private starts = new Float64Array(1024);
  private ends = new Float64Array(1024);
  length = 0;

  add(start: number, end: number): void {
    if (this.length === this.starts.length) {
      const grow = (a: Float64Array) => {
        const b = new Float64Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.starts = grow(this.starts);
      this.ends = grow(this.ends);
    }
    this.starts[this.length] = start;
    this.ends[this.length] = end;
    this.length++;
  }

  /** Indices (in the order added) of members that overlap another. */
  overlapping(): Set<number> {
    return overlappingMembers(this.starts.subarray(0, this.length), this.ends.subarray(0, this.length));
  }
}
