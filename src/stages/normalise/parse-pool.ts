import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { LinesOutcome, TextOutcome } from './parse-file.js';

// Parse workers: the main thread of a large report is busy reading members and keeping records, and parsing was
// half of its time on one core (bench/profile.md). Files go to worker threads whole, by their parser's index in
// PARSERS; their bytes are moved, not copied, and what comes back is plain data (structured clone).

interface JobBase {
  id: number;
  /** Index of the parser in PARSERS. */
  parser: number;
  /** The file's bytes; still compressed when `packed` is set. */
  buffer: Uint8Array;
  /** How to inflate `buffer` (a zip member read in one piece), inflateMemberSync; absent for content. */
  packed?: { method: number; size: number };
  file: string;
}

export type ParseJob =
  | (JobBase & { kind: 'text'; pod: string | null; superseded: string[] | null; floor: number })
  | (JobBase & { kind: 'lines' });

export type ParseReply =
  | { id: number; kind: 'text'; parser: number; outcome: TextOutcome }
  | { id: number; kind: 'lines'; outcome: LinesOutcome }
  | { id: number; kind: 'failed'; message: string };

/** Files smaller than this are parsed on the main thread: sending them costs more than parsing them. */
export const OFFLOAD_MIN_BYTES = 32 * 2 ** 10;

/** Smallest buffer whose memory is moved to the worker rather than copied (smaller ones may share Node's pool). */
const MOVE_MIN_BYTES = 64 * 2 ** 10;

const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './parse-worker.ts' : './parse-worker.js', import.meta.url);

function startWorker(): Worker {
  if (!WORKER_URL.pathname.endsWith('.ts')) return new Worker(WORKER_URL);
  // From the TypeScript sources (tests, scripts run by tsx): the worker registers tsx's loader before it imports
  // the worker's source, since a worker thread does not inherit the loader of the thread that started it.
  const tsx = import.meta.resolve('tsx/esm/api');
  return new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(WORKER_URL.href)}); });`, { eval: true });
}

interface Slot {
  worker: Worker;
  pending: Set<number>;
  dead: boolean;
}

export class ParsePool {
  private readonly slots: Slot[] = [];
  private readonly waiting = new Map<number, { resolve: (reply: ParseReply) => void; reject: (error: Error) => void }>();
  private next = 1;

  /** False where the worker's file is not beside this one (the single-file build): files are parsed on the main thread. */
  static available(): boolean {
    return WORKER_URL.protocol === 'file:' && existsSync(fileURLToPath(WORKER_URL));
  }

  /**
   * `onReply` sees each reply as it arrives, with the index of the worker that sent it, before the file's promise
   * settles: a worker's replies refer to rows it sent in earlier ones (RowRefs), so they are read in its order.
   */
  constructor(size: number, onReply?: (worker: number, reply: ParseReply) => void) {
    for (let i = 0; i < size; i++) {
      const slot: Slot = { worker: startWorker(), pending: new Set(), dead: false };
      slot.worker.on('message', (reply: ParseReply) => {
        let settled = reply;
        try {
          onReply?.(i, reply);
        } catch (error) {
          settled = { id: reply.id, kind: 'failed', message: (error as Error).message };
        }
        slot.pending.delete(reply.id);
        const waiter = this.waiting.get(reply.id);
        this.waiting.delete(reply.id);
        waiter?.resolve(settled);
      });
      const fail = (error: Error) => {
        slot.dead = true;
        for (const id of slot.pending) {
          this.waiting.get(id)?.reject(error);
          this.waiting.delete(id);
        }
        slot.pending.clear();
      };
      slot.worker.on('error', fail);
      slot.worker.on('exit', (code) => fail(new Error(`the parse worker stopped (exit code ${code})`)));
      this.slots.push(slot);
    }
  }

  /** Parses a file in the least busy worker. The buffer is unusable afterwards when it was moved. */
  run(job: Omit<ParseJob, 'id'>): Promise<ParseReply> {
    let slot: Slot | null = null;
    for (const s of this.slots) if (!s.dead && (slot === null || s.pending.size < slot.pending.size)) slot = s;
    if (slot === null) return Promise.reject(new Error('no parse worker is running'));
    const id = this.next++;
    const { buffer } = job;
    // A buffer that is most of its own memory is moved; anything else (a view into a larger block) is copied out.
    const own = buffer.byteLength >= MOVE_MIN_BYTES && buffer.byteLength * 2 >= buffer.buffer.byteLength && buffer.buffer instanceof ArrayBuffer;
    const sent = own ? buffer : new Uint8Array(buffer);
    const message = { ...job, id, buffer: sent } as ParseJob;
    const chosen = slot;
    return new Promise<ParseReply>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      chosen.pending.add(id);
      chosen.worker.postMessage(message, [sent.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
