import type { Parser } from './define.js';

/**
 * The parser registry: an ordered import list (house style 11). A test checks that every parser file is listed
 * and that no two parsers of one scope claim the same file name.
 */
export const PARSERS: readonly Parser[] = [];
