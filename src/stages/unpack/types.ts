import type { BundleFormat } from '../../model/bundle.js';
import type { Diagnostic } from '../../model/common.js';

/** One file of the bundle, seen during a scan. */
export interface BundleEntry {
  /**
   * Virtual path: `/`-separated, relative to the top of the bundle, with the archive's own root folder kept
   * (`cilium-sysdump-20240513-141502/k8s-nodes-20240513-141502.yaml`). A member of a nested archive is
   * `<archive path>!/<member path>`.
   */
  readonly path: string;
  /** Unpacked size as the archive declares it (a zip's central directory, a tar header, stat); -1 when unknown. */
  readonly size: number;
  /** Reads the whole content. Only while the visitor runs; at most once. Rejects with a LimitExceededError past a limit. */
  read(): Promise<Buffer>;
  /** Streams the content in chunks. Only while the visitor runs; at most once. */
  stream(): AsyncIterable<Buffer>;
  /**
   * The content still compressed, where the archive holds it in one piece (a zip member up to 16 MiB), for a
   * reader that inflates it elsewhere (a parse worker, with `inflateMemberSync`). Instead of read or stream; at
   * most once. Absent for other entries.
   */
  packed?(): Promise<PackedContent>;
}

/** A member's bytes as the archive stores them, with what inflating them needs. */
export interface PackedContent {
  readonly bytes: Uint8Array;
  /** Zip compression method: 0 stored, 8 deflated. */
  readonly method: number;
  /** The unpacked size the archive declares; inflating holds the content to it. */
  readonly size: number;
}

/** What a scan saw. */
export interface ScanSummary {
  /** Files visited (members of nested archives included). */
  files: number;
  /** Unpacked bytes read or skipped over. */
  bytes: number;
  /** Entries not visited (unsafe path, link, over a limit) and every read problem, as diagnostics. */
  diagnostics: Diagnostic[];
  /** Entries that were not handed to the visitor, with why. */
  skipped: { path: string; size: number; reason: string }[];
}

export type Visitor = (entry: BundleEntry) => Promise<void>;

export interface ScanOptions {
  /** Virtual paths to visit; every other entry is passed over unread, and the scan ends once each was visited. */
  only?: ReadonlySet<string>;
}

/**
 * The read-only view of a bundle that the unpack stage gives the normalise stage. Archives are read in one
 * streaming pass: a tar.gz cannot be read twice without decompressing it twice, so the visitor reads what it
 * wants as each entry goes by.
 */
export interface BundleFs {
  /** The bundle's file or folder name. */
  readonly name: string;
  readonly format: BundleFormat;
  /**
   * Visits every file once. Never rejects on bad input: problems come back as diagnostics in the summary. With
   * `only`, visits just those virtual paths: a zip or a folder opens nothing else (a nested archive is opened only
   * when one of them is inside it), a tar is streamed through and only those members are read.
   */
  scan(visit: Visitor, options?: ScanOptions): Promise<ScanSummary>;
  /**
   * The virtual paths of the bundle's own members, known without reading them (a zip's central directory); null
   * where only a scan tells (a tar is one stream). Members of nested archives are not in it.
   */
  names(): Promise<readonly string[] | null>;
  /** Releases open handles. */
  close(): Promise<void>;
}

/** Caps on untrusted input. Every one of them is configurable; passing one is a diagnostic, not a crash. */
export interface UnpackLimits {
  /** Total unpacked bytes across the bundle, nested archives included. Past it the scan stops. */
  maxTotalBytes: number;
  /** Unpacked bytes of one file. A larger file is skipped. */
  maxFileBytes: number;
  /** Number of entries, nested archives' members included. Past it the scan stops. */
  maxEntries: number;
  /** Archives inside archives: 1 opens `cilium-bugtool-*.tar.gz` inside the zip, and no deeper. */
  maxNestingDepth: number;
  /**
   * Unpacked/packed ratio above which an entry larger than {@link ratioFloorBytes} is treated as a bomb: a zip member
   * by its declared sizes before it is read, any inflating stream (a gzip inside the zip, inside that) as it goes.
   */
  maxCompressionRatio: number;
  ratioFloorBytes: number;
  /**
   * Decompressed bytes across the whole bundle, nesting levels counted, per byte of the bundle on disk; the budget
   * is at least {@link bundleFloorBytes} and at most {@link maxTotalBytes}. Past it the scan stops.
   */
  maxBundleRatio: number;
  bundleFloorBytes: number;
  /** Characters of an entry name (zip name, tar name, PAX `path`, GNU long name). A longer one is skipped. */
  maxNameLength: number;
}

export const DEFAULT_LIMITS: UnpackLimits = {
  maxTotalBytes: 64 * 2 ** 30,
  maxFileBytes: 1.5 * 2 ** 30,
  maxEntries: 2_000_000,
  maxNestingDepth: 2,
  maxCompressionRatio: 1000,
  ratioFloorBytes: 64 * 2 ** 20,
  // Real sysdumps unpack to about 7 times their zip (18 times for the generated bench bundles); a nested bugtool
  // archive counts twice. 200 leaves room for logs of repeated lines; the floor lets a small bundle reach 2 GiB, ten
  // times what a 10 MB sysdump unpacks to.
  maxBundleRatio: 200,
  bundleFloorBytes: 2 * 2 ** 30,
  // Linux's PATH_MAX; sysdump paths are under 300 characters.
  maxNameLength: 4096,
};
