/**
 * Entry names from untrusted archives. Nothing is ever written to disk, but virtual paths still must not
 * pretend to be somewhere else: `..` segments, absolute paths, drive letters and NUL bytes are refused.
 */
export function normaliseEntryName(raw: string): { path: string } | { problem: string } {
  if (raw.includes('\0')) return { problem: 'Invalid entry name: it contains a NUL byte' };
  // Zips made on Windows may use backslashes (cilium-cli ≥ v0.16.1 uses filepath.Rel; sysdump-format.md §5).
  const name = raw.replace(/\\/g, '/');
  if (name.startsWith('/')) return { problem: `Invalid entry name "${raw}": absolute path` };
  if (/^[A-Za-z]:/.test(name)) return { problem: `Invalid entry name "${raw}": drive letter` };
  const parts: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') return { problem: `Invalid entry name "${raw}": it escapes the bundle with ".."` };
    parts.push(part);
  }
  if (parts.length === 0) return { problem: `Invalid entry name "${raw}": empty` };
  return { path: parts.join('/') };
}

const TS = String.raw`\d{8}-\d{6}`;
const AGENT_FOLDER = new RegExp(`^(?:cilium-)?bugtool-(.+)-(${TS})$`);
const AGENT_ARCHIVE = new RegExp(`^(?:cilium-)?bugtool-(.+)-(${TS})\\.(?:tar\\.gz|tgz|tar)$`);

/** Where a virtual path sits: in an agent's bugtool output, or among the cluster-level files. */
export type Location =
  | { scope: 'agent'; pod: string; folder: string; inner: string }
  | { scope: 'root'; dir: string; name: string };

/**
 * Places a virtual path. An agent file is anything under a `cilium-bugtool-<pod>-<ts>/` folder (extracted by
 * cilium-cli), inside a `cilium-bugtool-<pod>-<ts>.tar[.gz]` left unextracted (its members start with bugtool's
 * own temp folder, which is stripped so `inner` starts with `cmd/` or `conf/`), or under the legacy Python
 * sysdump's `bugtool-<pod>-<ts>/`. `<ts>` anchors the split, since pod names contain `-` (sysdump-format.md §4).
 */
export function locate(path: string): Location {
  const [outer = '', member] = path.split('!/', 2) as [string, string | undefined];
  const segments = outer.split('/');
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    if (member !== undefined && i === segments.length - 1) {
      const archive = AGENT_ARCHIVE.exec(segment);
      if (archive) {
        const innerParts = member.split('!/')[0]?.split('/') ?? [];
        const start = innerParts[0] === 'cmd' || innerParts[0] === 'conf' ? 0 : 1;
        return { scope: 'agent', pod: archive[1] as string, folder: outer, inner: innerParts.slice(start).join('/') };
      }
    }
    const folder = AGENT_FOLDER.exec(segment);
    if (folder && i < segments.length - 1) {
      const rest = segments.slice(i + 1).join('/');
      return {
        scope: 'agent',
        pod: folder[1] as string,
        folder: segments.slice(0, i + 1).join('/'),
        inner: member === undefined ? rest : `${rest}!/${member}`,
      };
    }
  }
  const slash = path.lastIndexOf('/');
  return { scope: 'root', dir: slash < 0 ? '' : path.slice(0, slash), name: path.slice(slash + 1) };
}
