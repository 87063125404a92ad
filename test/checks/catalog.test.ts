import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CATALOG } from '../../src/checks/catalog.js';
import { checksMarkdown } from '../../src/checks/docs.js';
import { CHECKS } from '../../src/checks/index.js';
import { logMessagesMarkdown } from '../../src/knowledge/docs.js';
import { KNOWN_MESSAGES } from '../../src/knowledge/log-messages.js';
import { runChecks } from '../../src/stages/correlate/runner.js';
import { emptyBundle } from '../helpers/bundle.js';

const SRC = new URL('../../src/checks/', import.meta.url);
const TESTS = new URL('./', import.meta.url);
const NOT_CHECKS = new Set(['define.ts', 'needs.ts', 'index.ts', 'catalog.ts', 'docs.ts', 'explains.ts', '_template.ts']);

describe('check registry', () => {
  const files = readdirSync(SRC)
    .filter((f) => f.endsWith('.ts') && !NOT_CHECKS.has(f) && !f.startsWith('util-'))
    .map((f) => f.replace(/\.ts$/, ''));

  it('registers every check file, once, in catalog order', () => {
    assert.deepEqual(CHECKS.map((c) => c.slug).sort(), [...files].sort());
    assert.deepEqual(
      CHECKS.map((c) => c.slug),
      Object.keys(CATALOG).filter((s) => files.includes(s)),
    );
  });

  it('implements the whole catalog with its ids', () => {
    assert.deepEqual(Object.fromEntries(CHECKS.map((c) => [c.slug, c.id])), CATALOG);
  });

  // The contract names the checks every report must have; the catalog may hold more
  // (docs/checks.md lists them all), so this is a subset test, not equality.
  it('implements every check the contract names, when the shared folder is there', (t) => {
    const contract = new URL('../../../shared/CONTRACT.md', import.meta.url);
    if (!existsSync(contract)) return t.skip('../shared/CONTRACT.md is not in this checkout');
    const slugs = [...readFileSync(contract, 'utf8').matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1] as string);
    assert.ok(slugs.length >= 20, `only ${slugs.length} catalog rows read from the contract`);
    assert.deepEqual(slugs.filter((s) => !(s in CATALOG)), []);
  });

  it('keeps ids in their area ranges and unique', () => {
    const ids = CHECKS.map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(new Set(CHECKS.map((c) => c.slug)).size, CHECKS.length);
  });

  for (const check of CHECKS) {
    describe(check.slug, () => {
      it('has complete docs', () => {
        for (const key of ['summary', 'explanation', 'consequences'] as const) {
          assert.ok(check.docs[key].trim().length > 20, `docs.${key} is too short`);
        }
        assert.ok(check.docs.commonCauses.length > 0, 'docs.commonCauses is empty');
        assert.ok(check.docs.verify.some((v) => /\b(cilium|kubectl|cilium-dbg|cilium-health|hubble)\b/.test(v)), 'docs.verify names no cilium/kubectl command');
        assert.ok(!/\.\s*$/.test(check.title), 'title ends with a full stop');
      });

      it('has a test file', () => {
        assert.ok(existsSync(new URL(`${check.slug}.test.ts`, TESTS)), `missing test/checks/${check.slug}.test.ts`);
      });

      it('is not evaluated, and does not throw, on an empty bundle', () => {
        const r = runChecks(emptyBundle(), [check]);
        assert.deepEqual(r.diagnostics, []);
        assert.equal(r.findings.length, 0);
        assert.equal(r.checks[0]?.status, 'not-evaluated');
      });
    });
  }

  it('docs/checks.md is up to date (npm run docs)', () => {
    const path = new URL('../../docs/checks.md', import.meta.url);
    assert.ok(existsSync(path), 'docs/checks.md is missing: run npm run docs');
    assert.equal(readFileSync(path, 'utf8'), checksMarkdown(CHECKS), 'docs/checks.md is stale: run npm run docs');
  });

  it('docs/log-messages.md is up to date (npm run docs)', () => {
    const path = new URL('../../docs/log-messages.md', import.meta.url);
    assert.ok(existsSync(path), 'docs/log-messages.md is missing: run npm run docs');
    assert.equal(readFileSync(path, 'utf8'), logMessagesMarkdown(KNOWN_MESSAGES), 'docs/log-messages.md is stale: run npm run docs');
  });
});
