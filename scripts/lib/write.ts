// Writes a bundle as cilium-cli does (a zip: Go archive/zip since v0.16.1, no directory entries; mholt/archiver
// before, with them), or re-packed as a tar.gz or a folder, with fixed times so output is reproducible.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { type BundleFile, type LazyFile, ustarHeader } from './bundle.js';

const MTIME = new Date('2024-05-13T14:15:02Z');

/** A zip whose output goes to `out`; `done` settles when the file is closed. */
function zipTo(out: string): { zip: yazl.ZipFile; done: Promise<void> } {
  const zip = new yazl.ZipFile();
  const done = new Promise<void>((resolve, reject) => {
    const stream = createWriteStream(out);
    stream.on('close', () => resolve());
    stream.on('error', reject);
    zip.outputStream.pipe(stream);
  });
  return { zip, done };
}

export async function writeZip(files: readonly BundleFile[], out: string, directoryEntries: boolean): Promise<void> {
  const { zip, done } = zipTo(out);
  const dirs = new Set<string>();
  for (const f of files) {
    if (directoryEntries) {
      const parts = f.path.split('/');
      for (let i = 1; i < parts.length; i++) {
        const dir = parts.slice(0, i).join('/');
        if (!dirs.has(dir)) {
          dirs.add(dir);
          zip.addEmptyDirectory(dir, { mtime: MTIME });
        }
      }
    }
    zip.addBuffer(f.content, f.path, { mtime: MTIME, compress: !f.path.endsWith('.gz') });
  }
  zip.end();
  await done;
}

export async function writeTarGz(files: readonly BundleFile[], out: string): Promise<void> {
  const pack = tar.pack();
  const gzip = createGzip({ level: 6 });
  const stream = createWriteStream(out);
  const done = new Promise<void>((resolve, reject) => {
    stream.on('close', () => resolve());
    stream.on('error', reject);
  });
  (pack as unknown as NodeJS.ReadableStream).pipe(gzip).pipe(stream);
  for (const f of files) pack.entry({ name: f.path, mtime: MTIME, mode: 0o644, uid: 0, gid: 0 }, f.content);
  pack.finalize();
  await done;
}

export async function writeDir(files: readonly BundleFile[], out: string): Promise<void> {
  for (const f of files) {
    const path = join(out, f.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, f.content);
  }
}

/**
 * Writes a bundle whose files are rendered one at a time as the archive reaches them, so that memory stays flat
 * however large the bundle (the benchmark's 2,000-node bundles are 12 GB unpacked).
 */
export async function writeZipStream(files: Iterable<LazyFile>, root: string, out: string): Promise<void> {
  const { zip, done } = zipTo(out);
  for (const f of files) {
    // yazl reads an entry's stream only when it reaches that entry: this is what keeps one file in memory at a time.
    const body = new Readable({
      read() {
        this.push(f.bytes ? f.bytes() : Buffer.from(f.render()));
        this.push(null);
      },
    });
    zip.addReadStream(body, `${root}/${f.path}`, { mtime: MTIME });
  }
  zip.end();
  await done;
}

/** A gzip stream into `out` that waits for drain on every write; `finish` writes the tar's end blocks and closes it. */
function tarGzWriter(out: string): { write(chunk: Buffer): Promise<void>; finish(): Promise<void> } {
  const gzip = createGzip({ level: 6, chunkSize: 1 << 20 });
  const stream = createWriteStream(out);
  const done = new Promise<void>((resolve, reject) => {
    stream.on('close', () => resolve());
    stream.on('error', reject);
    gzip.on('error', reject);
  });
  gzip.pipe(stream);
  const write = async (chunk: Buffer) => {
    if (!gzip.write(chunk)) await once(gzip, 'drain');
  };
  return {
    write,
    async finish() {
      await write(Buffer.alloc(1024));
      gzip.end();
      await done;
    },
  };
}

export async function writeTarGzStream(files: Iterable<LazyFile>, root: string, out: string): Promise<void> {
  const { write, finish } = tarGzWriter(out);
  for (const f of files) {
    const body = f.bytes ? f.bytes() : Buffer.from(f.render());
    await write(ustarHeader(`${root}/${f.path}`, body.length));
    await write(body);
    if (body.length % 512) await write(Buffer.alloc(512 - (body.length % 512)));
  }
  await finish();
}

/**
 * The same bundle re-packed as users re-pack a sysdump: every member of `zip`, in its order, into a tar.gz. Cheaper
 * than rendering the bundle a second time (the benchmark's 2,000-node bundles take most of an hour to render).
 */
export async function repackZipAsTarGz(zip: string, out: string): Promise<void> {
  const { write, finish } = tarGzWriter(out);
  const file = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.open(zip, { lazyEntries: true, autoClose: true }, (e, z) => (e || !z ? reject(e) : resolve(z))));
  await new Promise<void>((resolve, reject) => {
    file.on('error', reject);
    file.on('end', () => resolve());
    file.on('entry', (entry: yauzl.Entry) => {
      if (entry.fileName.endsWith('/')) return file.readEntry();
      file.openReadStream(entry, (error, body) => {
        if (error || !body) return reject(error);
        (async () => {
          await write(ustarHeader(entry.fileName, entry.uncompressedSize));
          for await (const chunk of body) await write(chunk as Buffer);
          if (entry.uncompressedSize % 512) await write(Buffer.alloc(512 - (entry.uncompressedSize % 512)));
          file.readEntry();
        })().catch(reject);
      });
    });
    file.readEntry();
  });
  await finish();
}
