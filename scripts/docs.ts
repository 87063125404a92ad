// Writes docs/checks.md from the checks' built-in docs (house style 12) and docs/log-messages.md from the knowledge
// base (house style 24). A test fails when either is stale.
import { mkdirSync, writeFileSync } from 'node:fs';
import { CHECKS } from '../src/checks/index.js';
import { checksMarkdown } from '../src/checks/docs.js';
import { logMessagesMarkdown } from '../src/knowledge/docs.js';
import { KNOWN_MESSAGES } from '../src/knowledge/log-messages.js';

mkdirSync(new URL('../docs/', import.meta.url), { recursive: true });
writeFileSync(new URL('../docs/checks.md', import.meta.url), checksMarkdown(CHECKS));
process.stdout.write(`wrote docs/checks.md (${CHECKS.length} checks)\n`);
writeFileSync(new URL('../docs/log-messages.md', import.meta.url), logMessagesMarkdown(KNOWN_MESSAGES));
process.stdout.write(`wrote docs/log-messages.md (${KNOWN_MESSAGES.length} known messages)\n`);
