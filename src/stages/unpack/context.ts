import { Readable, Transform, type TransformCallback } from 'node:stream';
import { LimitExceededError } from '../../errors.js';
import type { Diagnostic } from '../../model/common.js';
import { InflationBudget, StreamRatio } from './budget.js';
import { DiagnosticLog, headOf } from './diagnostics.js';
import { normaliseEntryName } from './paths.js';
import type { BundleEntry, PackedContent, ScanSummary, UnpackLimits, Visitor } from './types.js';

/**
 * An archive member's content, opened on demand (zip: random access) or already flowing (tar). A zip member read
 * in one piece comes as a Buffer: no stream is built around bytes that are already all there.
 */
export type Opener = () => Readable | Buffer | Promise<Readable | Buffer>;

/** Raised inside a scan to stop it: a total limit was passed. */
export class StopScan extends Error {}

/** Raised inside one stream when its compression ratio marks a bomb: that member or nested archive is given up. */
export class BombError extends Error {}

/** Characters of a rejected entry name quoted in its diagnostic. */
const SHOWN_NAME = 200;

const NESTED = /\.(tar\.gz|tgz|tar)$/i;

/**
 * State shared by every reader of one scan: the limits and their counters, the diagnostics, the entries seen.
 * Readers hand each member to {@link offer}, which applies the limits, opens nested archives and calls the visitor.
 */
export class ScanContext {
  readonly skipped: ScanSummary['skipped'] = [];
  files = 0;
  /** Bytes of file content read. */
  bytes = 0;
  entries = 0;
  stopped = false;
  /** Bytes decompressed, everything and every nesting level included: what the total limits apply to. */
  readonly budget: InflationBudget;
  private readonly log = new DiagnosticLog();
  private readonly seen = new Set<string>();
  /** With `only`: the nested archives that hold a wanted path, so they are opened and nothing else is. */
  private readonly archives: ReadonlySet<string> | null;
  /** With `only`: the wanted paths not visited yet; the scan ends when none is left (a tar need not be read to its end). */
  private readonly remaining: Set<string> | null;

  constructor(
    readonly bundleName: string,
    readonly limits: UnpackLimits,
    readonly visit: Visitor,
    /** Opens a nested tar or tar.gz stream; set by the index to avoid an import cycle. */
    readonly openNested: (ctx: ScanContext, stream: Readable, prefix: string, depth: number) => Promise<void>,
    /** Size of the bundle on disk, for the budget relative to it (0 for a folder, which adds its files as found). */
    packedBytes = 0,
    /** Visit only these virtual paths (a re-read of cited files); every other entry is passed over unopened. */
    readonly only?: ReadonlySet<string>,
    /** Progress: bytes of the bundle itself consumed so far (see {@link ScanContext.advance}). */
    readonly onBytes?: (done: number) => void,
  ) {
    this.budget = new InflationBudget(limits, packedBytes);
    if (!only) {
      this.archives = null;
      this.remaining = null;
      return;
    }
    this.remaining = new Set(only);
    const archives = new Set<string>();
    for (const path of only) {
      for (let at = path.indexOf('!/'); at >= 0; at = path.indexOf('!/', at + 2)) archives.add(path.slice(0, at));
    }
    this.archives = archives;
  }

  /** Bytes decompressed so far. */
  get inflated(): number {
    return this.budget.used;
  }

  /** Bytes of the bundle consumed: a zip's members inflated, a tar's file bytes read, a folder's files read. */
  consumed = 0;

  /** Counts bytes towards progress; readers call it as their top-level bytes go by. */
  advance(bytes: number): void {
    this.consumed += bytes;
    this.onBytes?.(this.consumed);
  }

  /** A pass-through stream that counts what flows through it towards progress. */
  progressCounter(): Transform {
    const ctx = this;
    return new Transform({
      transform(chunk: Buffer, _enc, done: TransformCallback) {
        ctx.advance(chunk.length);
        done(null, chunk);
      },
    });
  }

  summary(): ScanSummary {
    return { files: this.files, bytes: this.inflated, diagnostics: this.log.list(), skipped: this.skipped };
  }

  warn(file: string, message: string, level: Diagnostic['level'] = 'warning'): void {
    this.log.add({ file, line: null, level, message });
  }

  /**
   * Counts decompressed bytes against the bundle's budget (headers, padding and skipped members included); past
   * it the scan stops with one diagnostic. Readers that do not stream through {@link totalCounter} call this.
   */
  spend(bytes: number): void {
    const spent = this.budget.spend(bytes);
    if (spent === null) return;
    if (!this.stopped) this.warn(this.bundleName, spent, 'error');
    this.stopped = true;
    throw new StopScan('budget');
  }

  skip(path: string, size: number, reason: string, level: Diagnostic['level'] = 'warning'): void {
    this.skipped.push({ path, size: Math.max(size, 0), reason });
    this.warn(path, reason, level);
  }

  /** Stops the whole scan (entry count or total size passed). */
  stop(message: string): never {
    if (!this.stopped) this.warn(this.bundleName, message, 'error');
    this.stopped = true;
    throw new StopScan(message);
  }

  /**
   * Checks a member's name and size and either skips it or hands it to the visitor (or, for a nested archive,
   * reads its members). Returns true when the content was consumed, so a tar reader knows whether to drain it.
   * `prefix` is the virtual path of the enclosing nested archive, if any.
   */
  async offer(rawName: string, declaredSize: number, open: Opener, prefix: string | null, depth: number, kind: 'file' | 'link' = 'file', openPacked?: () => Promise<PackedContent>): Promise<boolean> {
    if (this.stopped) return false;
    this.entries++;
    if (this.entries > this.limits.maxEntries) this.stop(`Too many entries: more than ${this.limits.maxEntries}; reading stopped (limit maxEntries)`);
    if (rawName.length > this.limits.maxNameLength) {
      // Never kept whole: a thousand 4 MB names would take the heap.
      const shown = `${prefix ? `${prefix}!/` : ''}${headOf(rawName, SHOWN_NAME)}…`;
      this.skip(shown, declaredSize, `Too long an entry name: ${rawName.length} characters, limit ${this.limits.maxNameLength} (maxNameLength); skipped`, 'error');
      return false;
    }
    const checked = normaliseEntryName(rawName);
    const shownName = prefix ? `${prefix}!/${rawName}` : rawName;
    if ('problem' in checked) {
      this.skip(shownName, declaredSize, `${checked.problem}: skipped`, 'error');
      return false;
    }
    const path = prefix ? `${prefix}!/${checked.path}` : checked.path;
    if (this.only && !this.only.has(path) && !this.archives?.has(path)) return false;
    if (kind === 'link') {
      this.skip(path, 0, 'Unexpected link entry: links are never followed; skipped');
      return false;
    }
    if (this.seen.has(path)) {
      this.skip(path, declaredSize, 'Duplicate entry name: the first one is used; skipped');
      return false;
    }
    this.seen.add(path);
    if (declaredSize > this.limits.maxFileBytes) {
      this.skip(path, declaredSize, `Too large a file: ${declaredSize} bytes, limit ${this.limits.maxFileBytes} (maxFileBytes); skipped`, 'error');
      return false;
    }
    if (declaredSize > 0 && this.budget.wouldPass(declaredSize)) {
      this.stop(`${this.budget.exhausted()} before "${path}", which declares ${declaredSize} bytes`);
    }

    if (NESTED.test(checked.path)) {
      if (depth >= this.limits.maxNestingDepth) {
        this.warn(path, `Too deeply nested archive (limit maxNestingDepth ${this.limits.maxNestingDepth}): kept as a file, not opened`);
      } else {
        const opened = await open();
        const stream = Buffer.isBuffer(opened) ? readableOf(opened) : opened;
        try {
          await this.openNested(this, stream, path, depth + 1);
        } catch (error) {
          if (error instanceof StopScan) throw error;
          this.warn(path, `Unreadable nested archive: ${(error as Error).message}`, 'error');
        }
        return true;
      }
    }

    this.files++;
    let used = false;
    let consumed = false;
    const take = async (): Promise<Readable | Buffer> => {
      if (used) throw new TypeError(`${path}: content read twice`);
      used = true;
      const opened = await open();
      if (Buffer.isBuffer(opened)) {
        this.count(path, opened.length, 0);
        consumed = true;
        return opened;
      }
      const stream = chain(opened, this.counter(path));
      stream.on('end', () => {
        consumed = true;
      });
      return stream;
    };
    const packed = openPacked
      ? async (): Promise<PackedContent> => {
          if (used) throw new TypeError(`${path}: content read twice`);
          used = true;
          const content = await openPacked();
          this.count(path, content.size, 0);
          consumed = true;
          return content;
        }
      : undefined;
    const entry: BundleEntry = {
      path,
      size: declaredSize,
      ...(packed ? { packed } : {}),
      read: async () => {
        const content = await take();
        if (Buffer.isBuffer(content)) return content;
        const chunks: Buffer[] = [];
        for await (const chunk of content) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks);
      },
      stream: () => ({
        async *[Symbol.asyncIterator]() {
          const content = await take();
          if (Buffer.isBuffer(content)) {
            if (content.length > 0) yield content;
            return;
          }
          for await (const chunk of content) yield chunk as Buffer;
        },
      }),
    };
    try {
      await this.visit(entry);
    } catch (error) {
      // The content could not be read (a lying size, a truncated member, a limit): a diagnostic, not a crash.
      if (error instanceof StopScan || this.stopped) throw new StopScan('stopped');
      if (error instanceof TypeError) throw error;
      this.warn(path, error instanceof BombError ? error.message : `Unreadable: ${(error as Error).message}`, 'error');
    }
    if (this.stopped) throw new StopScan('stopped');
    if (this.remaining?.delete(path) && this.remaining.size === 0) {
      this.stopped = true;
      throw new StopScan('every wanted path was visited');
    }
    return consumed;
  }

  /** Counts a file's real unpacked bytes against the per-file limit while they flow (declared sizes can lie). */
  counter(path: string): Transform {
    let fileBytes = 0;
    const ctx = this;
    return new Transform({
      transform(chunk: Buffer, _enc, done: TransformCallback) {
        try {
          fileBytes = ctx.count(path, chunk.length, fileBytes);
        } catch (error) {
          done(error as Error);
          return;
        }
        done(null, chunk);
      },
    });
  }

  /** Adds `bytes` of a file's content to the counts; throws past the per-file limit. Returns the file's new total. */
  private count(path: string, bytes: number, before: number): number {
    const fileBytes = before + bytes;
    this.bytes += bytes;
    if (fileBytes > this.limits.maxFileBytes) {
      throw new LimitExceededError(`Too large a file "${path}": more than ${this.limits.maxFileBytes} bytes unpacked (limit maxFileBytes)`, 'maxFileBytes', fileBytes);
    }
    return fileBytes;
  }

  /**
   * Counts every decompressed byte of an archive stream (headers, padding and skipped members included) against
   * the bundle's budget, so a bomb stops early even in members nobody reads.
   */
  totalCounter(): Transform {
    const ctx = this;
    return new Transform({
      transform(chunk: Buffer, _enc, done: TransformCallback) {
        try {
          ctx.spend(chunk.length);
        } catch (error) {
          done(error as Error);
          return;
        }
        done(null, chunk);
      },
    });
  }

  /**
   * A stream to put after an inflater, measuring its compression ratio as it goes: unpacked bytes that came out
   * against the packed bytes the inflater consumed. Fails with a {@link BombError} past `maxCompressionRatio`, once
   * more than `ratioFloorBytes` came out.
   */
  ratioGuard(inflater: { readonly bytesWritten: number }): Transform {
    const ratio = new StreamRatio(this.limits.maxCompressionRatio, this.limits.ratioFloorBytes);
    return new Transform({
      transform(chunk: Buffer, _enc, done: TransformCallback) {
        ratio.consumed(inflater.bytesWritten);
        const bomb = ratio.output(chunk.length);
        if (bomb) done(new BombError(bomb));
        else done(null, chunk);
      },
    });
  }
}

/**
 * Pipes streams one into the next, and makes an error anywhere end the last one with that error: `pipe()` alone
 * leaves an upstream error unhandled, which would crash the process on a truncated or lying archive.
 */
export function chain(first: Readable, ...rest: Transform[]): Readable {
  let out: Readable = first;
  const last = rest[rest.length - 1];
  for (const next of rest) out = out.pipe(next);
  if (last) for (const s of [first, ...rest.slice(0, -1)]) s.on('error', (error) => last.destroy(error));
  return out;
}

/** A readable over a buffer, for members read ahead of time. */
export function readableOf(buffer: Buffer): Readable {
  return Readable.from([buffer]);
}
