import type { KnownMessage } from './log-messages.js';

/** `docs/log-messages.md`: every known log message with its meaning, causes, fix and sources. `npm run docs` writes it. */
export function logMessagesMarkdown(entries: readonly KnownMessage[]): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const out = [
    '# Known log messages',
    '',
    'Generated from `src/knowledge/log-messages.ts` by `npm run docs`; do not edit by hand.',
    '',
    'Each entry is matched against the message of one log record (`msg`, then `: ` and `error` when there is one) or,',
    'for lines without a level (init container output, the verifier dump, Envoy), against the whole line. Entries that',
    'list `warning` make that warning decisive; all other warnings are only counted.',
    '',
    '| id | components | levels | area | title |',
    '| --- | --- | --- | --- | --- |',
    ...entries.map((e) => `| [\`${e.id}\`](#${e.id}) | ${e.components.join(', ')} | ${e.levels.join(', ')} | ${e.area} | ${cell(e.title)} |`),
    '',
  ];
  for (const e of entries) {
    out.push(`## ${e.id}`, '', `**${e.title}**`, '', `Components: ${e.components.join(', ')} · levels: ${e.levels.join(', ')} · area: ${e.area} · severity: ${e.severity}`, '');
    if (e.affects || e.fixedIn) out.push([e.affects ? `Affects: ${e.affects}` : '', e.fixedIn ? `fixed in: ${e.fixedIn}` : ''].filter(Boolean).join(' · '), '');
    out.push(e.meaning, '', '### Causes', '');
    for (const cause of e.causes) out.push(`- ${cause}`);
    out.push('', '### Fix', '', e.fix, '', '### Example', '');
    const fence = e.example.includes('```') ? '````' : '```';
    out.push(`${fence}text`, e.example, fence, '', `Pattern: \`${e.pattern.source.replace(/`/g, '\\`')}\``, '', '### Sources', '');
    for (const s of e.sources) out.push(`- ${s}`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
