import type { CheckDefinition, MessageFn } from './define.js';

/**
 * The check registry: an ordered import list. A test keeps it in step with the files in this folder and with the
 * catalog in CONTRACT.md. Retired ids stay here as comments and are never reused.
 */
export const CHECKS: readonly CheckDefinition<Record<string, MessageFn>, string>[] = [];
