import type { CheckDefinition, MessageFn } from './define.js';

/** `docs/checks.md`: every check's built-in docs, as the report's appendix shows them. `npm run docs` writes it. */
export function checksMarkdown(checks: readonly CheckDefinition<Record<string, MessageFn>, string>[]): string {
  const out = [
    '# Checks',
    '',
    'Generated from the checks themselves by `npm run docs`; do not edit by hand.',
    '',
    '| id | slug | default severity | title |',
    '| --- | --- | --- | --- |',
    ...checks.map((c) => `| ${c.id} | [\`${c.slug}\`](#${c.slug}) | ${c.defaultSeverity} | ${c.title} |`),
    '',
  ];
  for (const c of checks) {
    out.push(`## ${c.slug}`, '', `**${c.id}** · ${c.title} · default severity: ${c.defaultSeverity}`, '', c.docs.summary, '');
    out.push('### Explanation', '', c.docs.explanation, '', '### Consequences', '', c.docs.consequences, '', '### Common causes', '');
    for (const cause of c.docs.commonCauses) out.push(`- ${cause}`);
    out.push('', '### How to verify', '', '```sh', ...c.docs.verify, '```', '');
    const thresholds = Object.entries(c.thresholds ?? {});
    if (thresholds.length > 0) {
      out.push('### Thresholds', '', '| name | default | meaning |', '| --- | --- | --- |');
      for (const [name, t] of thresholds) out.push(`| \`${c.slug}.${name}\` | ${t.default} | ${t.description} |`);
      out.push('');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}
