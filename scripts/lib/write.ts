// Writes a bundle as cilium-cli does (a zip: Go archive/zip since v0.16.1, no directory entries; mholt/archiver
// before, with them), or re-packed as a tar.gz or a folder, with fixed times so output is reproducible.
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import yazl from 'yazl';
import type { BundleFile } from './bundle.js';

const MTIME = new Date('2024-05-13T14:15:02Z');

export async function writeZip(files: readonly BundleFile[], out: string, directoryEntries: boolean): Promise<void> {
  const zip = new yazl.ZipFile();
  const done = new Promise<void>((resolve, reject) => {
    const stream = createWriteStream(out);
    stream.on('close', () => resolve());
    stream.on('error', reject);
    zip.outputStream.pipe(stream);
  });
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
