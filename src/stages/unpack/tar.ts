import { Readable, type Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { BombError, type ScanContext, StopScan } from './context.js';

/** zlib's default 16 KiB output chunks make inflating about three times slower than 1 MiB ones. */
export const ZLIB_CHUNK = 1 << 20;

/** First bytes of a stream without consuming them. */
export function sniff(stream: Readable, bytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const done = (head: Buffer) => {
      stream.off('readable', onReadable);
      stream.off('end', onEnd);
      stream.off('error', reject);
      resolve(head);
    };
    const onReadable = () => {
      const chunk = stream.read() as Buffer | null;
      if (chunk === null) return;
      stream.unshift(chunk);
      done(chunk.subarray(0, bytes));
    };
    const onEnd = () => done(Buffer.alloc(0));
    stream.on('readable', onReadable);
    stream.once('end', onEnd);
    stream.once('error', reject);
  });
}

export function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * Reads a tar or tar.gz stream in one pass, handing each member to the context. `prefix` is the virtual path of
 * the archive when it is nested in another one. A stream cut short (a truncated download) yields every member
 * before the break; the member cut by it fails to read, so nothing after the break is invented.
 */
export async function readTar(ctx: ScanContext, source: Readable, prefix: string | null, depth: number): Promise<void> {
  const head = await sniff(source, 2);
  const stages: (Readable | Transform)[] = [source];
  if (isGzip(head)) {
    // A gzip declares no size: its ratio is judged as it inflates, at any depth, as a zip member's is up front.
    const gunzip = createGunzip({ chunkSize: ZLIB_CHUNK });
    stages.push(gunzip, ctx.ratioGuard(gunzip));
  }
  stages.push(ctx.totalCounter());
  // tar-stream 3 is built on streamx, so it is wired by hand: any stage's error ends the extraction with it.
  // It buffers a PAX or GNU long-name header whole before the member it names, up to 4 MiB (MAX_HEADER_SIZE in
  // tar-stream 3.2 extract.js; past that the archive ends with "Header exceeds max size"), and decodes it into the
  // header: each name is bounded there, one at a time, and `offer` keeps none past maxNameLength.
  const extract = tar.extract();
  let upstream: Readable = source;
  for (const stage of stages.slice(1)) upstream = upstream.pipe(stage as Transform);
  for (const stage of stages) stage.on('error', (error) => extract.destroy(error));
  upstream.pipe(extract as unknown as NodeJS.WritableStream);
  const where = prefix ?? ctx.bundleName;
  let members = 0;
  try {
    for await (const member of extract) {
      const header = member.header;
      const type = header.type ?? 'file';
      const content = () => Readable.from(member as AsyncIterable<Buffer>, { objectMode: false });
      if (type === 'directory') {
        await drain(member);
        continue;
      }
      members++;
      if (type === 'symlink' || type === 'link') {
        await ctx.offer(header.name, 0, content, prefix, depth, 'link');
      } else if (type === 'file' || type === 'contiguous-file') {
        await ctx.offer(header.name, header.size ?? -1, content, prefix, depth);
      } else {
        ctx.warn(prefix ? `${prefix}!/${header.name}` : header.name, `Unexpected tar entry type "${type}": skipped`);
      }
      await drain(member);
    }
  } catch (error) {
    for (const stage of stages) stage.destroy();
    if (error instanceof StopScan) throw error;
    if (ctx.stopped) throw new StopScan('stopped');
    const message = (error as Error).message;
    if (error instanceof BombError) ctx.warn(where, `${message}; the ${members} member(s) before it were read`, 'error');
    else ctx.warn(where, `Truncated or corrupt archive after ${members} member(s): ${message}; the members before the damage were read`, 'error');
  }
}

/** Consumes what the visitor left of a member, so the tar stream can move on. */
async function drain(member: AsyncIterable<unknown>): Promise<void> {
  try {
    for await (const _ of member) {
      // discard
    }
  } catch {
    // A member cut by a broken stream: the extraction loop reports the break.
  }
}
