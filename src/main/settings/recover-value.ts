import type { z } from 'zod';

/** What became of one saved value: kept as it was, kept after dropping unknown fields, or lost. */
export type Recovered<T> =
  { ok: true; value: T; repaired: boolean } | { ok: false; reason: string };

const MAX_REPAIRS = 50;

function removeAt(root: unknown, path: readonly PropertyKey[], keys: readonly string[]): boolean {
  let node: unknown = root;
  for (const step of path) {
    if (typeof node !== 'object' || node === null) return false;
    node = (node as Record<PropertyKey, unknown>)[step];
  }
  if (typeof node !== 'object' || node === null) return false;
  for (const key of keys) delete (node as Record<string, unknown>)[key];
  return true;
}

/**
 * Validates one saved value, forgiving only what costs the user nothing: a field this version
 * does not know (written by a newer Sampledeck, or a hand edit) is dropped and the rest kept.
 * Anything out of range or of the wrong type loses the value, with the reason.
 */
export function recoverValue<T>(schema: z.ZodType<T>, raw: unknown): Recovered<T> {
  let value: unknown = raw;
  let repaired = false;
  for (let attempt = 0; attempt <= MAX_REPAIRS; attempt++) {
    const parsed = schema.safeParse(value);
    if (parsed.success) return { ok: true, value: parsed.data, repaired };
    const unknownKeys = parsed.error.issues.filter((i) => i.code === 'unrecognized_keys');
    const fatal = parsed.error.issues.find((i) => i.code !== 'unrecognized_keys');
    if (fatal || unknownKeys.length === 0) {
      const issue = fatal ?? parsed.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
      return { ok: false, reason: `${where}${issue?.message ?? 'invalid'}`.slice(0, 200) };
    }
    if (!repaired) value = structuredClone(value);
    repaired = true;
    for (const issue of unknownKeys) {
      if (!removeAt(value, issue.path, issue.keys)) return { ok: false, reason: 'invalid' };
    }
  }
  return { ok: false, reason: 'too many unknown fields' };
}
