import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';
import type { Bundle } from '../../model/bundle.js';
import type { Parser } from '../../parsers/define.js';
import { PARSERS } from '../../parsers/index.js';
import { locate, scanBundle } from '../unpack/index.js';
import type { BundleFs } from '../unpack/types.js';
import { assemble } from './assemble.js';
import { OFFLOAD_MIN_BYTES } from './parse-pool.js';
import { DEFAULT_MAX_TEXT_BYTES, type Deferred, Reading } from './read.js';

export interface NormaliseOptions {
  /** Parsers to use; all registered parsers by default. */
  parsers?: readonly Parser[];
  /** Largest file read whole for a text parser. */
  maxTextBytes?: number;
  /** Health cells at least this slow keep their excerpt; the latency check's absolute floor. */
  healthNoteFloorMs?: number;
  /** Parsing work run at once (the zip reader hands entries over in parallel). */
  concurrency?: number;
  /** Called for each file as the scan reaches it. */
  onFile?: (path: string, bytes: number) => void;
  /**
   * Worker threads that parse files of 32 KiB and more; 0 parses everything on the main thread. Default: one per
   * core (the main thread reads, keeps and inflates small members meanwhile, and waits on the workers for the rest:
   * on 2 cores two workers took a 500-node report from 90 s to 66 s). They start only once the bundle has given
   * {@link WORKERS_AFTER_BYTES} to parse (a small bundle is done before they would be up), or at once for a zip
   * whose member list names outputs of eight agents or more, and only with the registered parsers.
   */
  workers?: number;
  /** Bytes parsed on the main thread before the workers start; default {@link WORKERS_AFTER_BYTES}. */
  workersAfterBytes?: number;
  /** Smallest file sent to the workers; default {@link OFFLOAD_MIN_BYTES} (tests send every file). */
  offloadMinBytes?: number;
}

/** Bytes parsed on the main thread before the parse workers start. */
export const WORKERS_AFTER_BYTES = 32 * 2 ** 20;

export interface NormaliseTimings {
  /** Wall time of the single pass that unpacks and parses. */
  scanMs: number;
  /** Part of the scan spent inside parsers on the main thread. */
  parseMs: number;
  /** Time spent inside parsers in the worker threads, alongside the scan (not part of scanMs's main-thread time). */
  workerParseMs: number;
  /** Parse time by parser id. */
  parserMs: Record<string, number>;
  assembleMs: number;
}

export interface Normalised {
  bundle: Bundle;
  timings: NormaliseTimings;
  inflatedBytes: number;
}

/**
 * The normalise stage: one pass over the bundle, each file handed to the parser that claims it as it goes by,
 * then the parsed records assembled into the {@link Bundle} model. It alone reads the bundle. `inflatedBytes` is
 * what the scan decompressed, headers and skipped entries included: what one more pass over the bundle costs.
 */
export async function normalise(fs: BundleFs, options: NormaliseOptions = {}): Promise<Normalised> {
  const healthNoteFloorMs = options.healthNoteFloorMs ?? 10;
  const reading = new Reading(options.parsers ?? PARSERS, {
    maxTextBytes: options.maxTextBytes ?? DEFAULT_MAX_TEXT_BYTES,
    healthNoteFloorMs,
    workers: options.workers ?? Math.max(1, availableParallelism()),
    workersAfterBytes: options.workersAfterBytes ?? WORKERS_AFTER_BYTES,
    offloadMinBytes: options.offloadMinBytes ?? OFFLOAD_MIN_BYTES,
  });
  try {
    return await read(fs, reading, options);
  } finally {
    await reading.close();
  }
}

async function read(fs: BundleFs, reading: Reading, options: NormaliseOptions): Promise<Normalised> {
  const limit = pLimit(options.concurrency ?? 4);
  const started = performance.now();
  // Decided before inflating: the losing forms of an output (the text beside its JSON) are not read, unless the
  // winner turns out to give nothing. A zip lists its members up front; a tar is one stream and is read whole.
  const names = await fs.names();
  const deferred = names ? reading.plan(names, locate) : new Map<string, Deferred>();
  const screened = new Map<string, { commit: () => void }>();
  const { index, summary } = await scanBundle(fs, (entry) =>
    limit(async () => {
      options.onFile?.(entry.path, Math.max(entry.size, 0));
      const d = deferred.get(entry.path);
      if (d) {
        // Inflated but not parsed: an empty or failed form is still a gap to report (Reading.screen).
        screened.set(entry.path, reading.screen(entry.path, await entry.read(), locate(entry.path), d.parser));
        return;
      }
      if (names) await reading.read(entry, locate(entry.path));
      else await reading.readStreamed(entry, locate(entry.path));
    }),
  );
  await reading.release();
  await reading.drain();
  const needed = new Set<string>();
  for (const [path, d] of deferred) {
    const screen = screened.get(path);
    if (!screen) continue;
    if (reading.hasBest(d.key)) screen.commit();
    else needed.add(path);
  }
  for (const path of reading.incomplete()) needed.add(path);
  if (needed.size > 0) {
    const again = await fs.scan((entry) => limit(() => reading.read(entry, locate(entry.path))), { only: needed });
    await reading.drain();
    // Only what concerns those files: the bundle-wide ones (a broken directory, overlapping entries) were said in the first pass.
    for (const d of again.diagnostics) if (needed.has(d.file)) reading.diagnostics.push(d);
  }
  const scanMs = performance.now() - started;
  const t = performance.now();
  reading.inScanOrder();
  const bundle = assemble(reading, index, [...summary.diagnostics, ...index.diagnostics]);
  for (const s of summary.skipped) {
    bundle.ledger.push({ path: s.path, size: s.size, parser: null, status: 'skipped', pod: null });
  }
  return { bundle, inflatedBytes: summary.bytes, timings: { scanMs, parseMs: reading.parseMs, workerParseMs: reading.workerParseMs, parserMs: Object.fromEntries(reading.parserMs), assembleMs: performance.now() - t } };
}
