import { readFileSync } from 'node:fs';

/** Files of templates/ the renderers read at run time. */
export type AssetName = 'report.hbs' | 'finding.hbs' | 'evidence.hbs' | 'place.hbs' | 'report.css' | 'report.js' | 'diff.hbs';

const TEMPLATES = new URL('../templates/', import.meta.url);

/**
 * A template or stylesheet from templates/. The single-file build (scripts/build-single.mjs) replaces this module
 * with one that holds their text, so that file runs with no templates/ folder beside it.
 */
export function asset(name: AssetName): string {
  return readFileSync(new URL(name, TEMPLATES), 'utf8');
}
