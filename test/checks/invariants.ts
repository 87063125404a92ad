import assert from 'node:assert/strict';
import { CHECKS } from '../../src/checks/index.js';
import { excerptOf } from '../../src/model/common.js';
import type { Finding } from '../../src/model/report.js';

/**
 * What every finding anywhere must satisfy (house style 17): its id and slug are in the catalog, its severity is
 * valid, it has evidence, and each evidence file is in the bundle with the excerpt on that line.
 * `readFile` returns a bundle file's text by its virtual path, or undefined when the bundle has no such file.
 */
export function assertFindingInvariants(finding: Finding, files: Readonly<Record<string, string>> | ((path: string) => string | undefined)): void {
  const read = typeof files === 'function' ? files : (p: string) => files[p];
  const check = CHECKS.find((c) => c.slug === finding.slug);
  assert.ok(check, `finding slug "${finding.slug}" is not in the check registry`);
  assert.equal(finding.id, check.id, `finding id of ${finding.slug}`);
  assert.ok(['error', 'warning', 'info'].includes(finding.severity), `severity "${finding.severity}"`);
  assert.ok(finding.evidence.length > 0, `${finding.slug}: no evidence`);
  assert.ok(!finding.message.includes(finding.id), `${finding.slug}: the id is in the message`);
  assert.ok(!/\.\s*$/.test(finding.message), `${finding.slug}: message ends with a full stop: ${finding.message}`);
  for (const e of finding.evidence) {
    const text = read(e.file);
    assert.ok(text !== undefined, `${finding.slug}: evidence file "${e.file}" is not in the bundle`);
    if (e.line === null) continue;
    const lines = text.split(/\r?\n/);
    assert.ok(e.line >= 1 && e.line <= lines.length, `${finding.slug}: line ${e.line} is outside "${e.file}" (${lines.length} lines)`);
    const line = lines[e.line - 1] as string;
    const bare = e.excerpt.replace(/^…/, '').replace(/…$/, '');
    assert.ok(
      e.excerpt === excerptOf(line) || line.includes(bare),
      `${finding.slug}: excerpt is not the text of ${e.file}:${e.line}\n  excerpt: ${e.excerpt}\n  line:    ${line}`,
    );
  }
}
