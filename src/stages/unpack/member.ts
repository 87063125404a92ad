import { promisify } from 'node:util';
import { inflateRaw, inflateRawSync } from 'node:zlib';
import type { PackedContent } from './types.js';

const inflateRawAsync = promisify(inflateRaw);

// A zip member read in one piece is inflated in one call, held to the size its central directory declares: on
// zlib's threadpool for the main thread (zip.ts), or in a parse worker that was handed the packed bytes.

/** zlib's options for one member: stop one byte past the declared size, in one output chunk of that size. */
function options(declared: number) {
  // One byte past the declared size is enough to know the member lies; zlib stops there. One output chunk of the
  // declared size: with zlib's default 16 KiB chunks a member would be gathered from hundreds of pieces.
  return { maxOutputLength: declared + 1, chunkSize: Math.max(64, declared + 1) };
}

/** A Buffer over the same memory (a Uint8Array arrives in a worker without Buffer's prototype). */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function checked(data: Buffer, declared: number): Buffer {
  if (data.length > declared) throw new Error(`Invalid zip entry: inflates past its declared ${declared} bytes`);
  if (data.length < declared) throw new Error(`Invalid zip entry: ${data.length} bytes, its header declares ${declared}`);
  return data;
}

function tooLarge(error: unknown, declared: number): Error {
  if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return new Error(`Invalid zip entry: inflates past its declared ${declared} bytes`);
  return error as Error;
}

/**
 * Largest member inflated on the calling thread rather than on zlib's threadpool: most of a bundle's members are a
 * few KiB, and handing each to the threadpool and back costs the main thread more than inflating it (bench/profile.md).
 */
const INFLATE_HERE_MAX = 64 * 2 ** 10;

/** The member's content, inflated on zlib's threadpool (small members on this thread). */
export async function inflateMember(packed: PackedContent): Promise<Buffer> {
  if (packed.method !== 8 || packed.size <= INFLATE_HERE_MAX) return inflateMemberSync(packed);
  try {
    return checked(await inflateRawAsync(packed.bytes, options(packed.size)), packed.size);
  } catch (error) {
    throw tooLarge(error, packed.size);
  }
}

/** The member's content, inflated on this thread (a parse worker). */
export function inflateMemberSync(packed: PackedContent): Buffer {
  if (packed.method !== 8) return checked(asBuffer(packed.bytes), packed.size);
  try {
    return checked(inflateRawSync(packed.bytes, options(packed.size)), packed.size);
  } catch (error) {
    throw tooLarge(error, packed.size);
  }
}
