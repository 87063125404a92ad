import type { DiffJson } from './schema.js';
import { renderDiffHtml, renderDiffJson, renderDiffMarkdown } from './render.js';

export { diffReports, worsened } from './compare.js';
export { DIFF_SCHEMA_VERSION, type DiffJson, DiffJsonSchema } from './schema.js';
export { renderDiffHtml, renderDiffJson, renderDiffMarkdown } from './render.js';

/** The diff's renderers by `--format` name, and the files the CLI writes. */
export const DIFF_FORMATS: Record<'html' | 'md' | 'json', { file: string; render: (d: DiffJson) => string }> = {
  html: { file: 'diff.html', render: renderDiffHtml },
  md: { file: 'diff.md', render: renderDiffMarkdown },
  json: { file: 'diff.json', render: renderDiffJson },
};
