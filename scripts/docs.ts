// Writes docs/checks.md from the checks' built-in docs (house style 12). A test fails when it is stale.
import { mkdirSync, writeFileSync } from 'node:fs';
import { CHECKS } from '../src/checks/index.js';
import { checksMarkdown } from '../src/checks/docs.js';

mkdirSync(new URL('../docs/', import.meta.url), { recursive: true });
writeFileSync(new URL('../docs/checks.md', import.meta.url), checksMarkdown(CHECKS));
process.stdout.write(`wrote docs/checks.md (${CHECKS.length} checks)\n`);
