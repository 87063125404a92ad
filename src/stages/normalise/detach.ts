/**
 * Copies every string inside a parsed result so that none of them is a slice of the file's text. V8 keeps a
 * substring as a view into its parent string: one node name cut out of a 2 MB health output would keep all 2 MB
 * alive for as long as the model lives, and a 2,000-node bundle holds thousands of such outputs.
 */
export function detachStrings<T>(value: T): T {
  return walk(value) as T;
}

// Shorter strings are copied by V8 rather than sliced.
const SLICE_MIN = 13;

function copy(s: string): string {
  // Concatenating then cutting makes V8 flatten into a new string the size of `s`, which the cut then views.
  return s.length < SLICE_MIN ? s : ` ${s}`.slice(1);
}

/** A parser's result is a tree (nothing in it is shared yet), so a plain walk visits each object once. */
function walk(value: unknown): unknown {
  if (typeof value === 'string') return copy(value);
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (typeof v === 'string') value[i] = copy(v);
      else if (v !== null && typeof v === 'object') walk(v);
    }
    return value;
  }
  if (value instanceof Map) {
    for (const [k, v] of value) value.set(k, walk(v));
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const v = record[key];
    if (typeof v === 'string') record[key] = copy(v);
    else if (v !== null && typeof v === 'object') walk(v);
  }
  return value;
}
