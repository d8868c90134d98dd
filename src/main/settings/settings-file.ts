import { jsonrepair } from 'jsonrepair';
import type { z } from 'zod';
import { recoverValue } from './recover-value';
import { defaultSettings, settingsFields, type Settings } from './settings-schema';

export interface ParsedSettings {
  settings: Settings;
  /** What could not be kept as it was, one phrase each; empty when the file was sound. */
  damage: string[];
  /** What was kept of what was damaged ("3 of 4 patterns"). */
  kept: string[];
}

function parseJson(text: string): { value: unknown; damage: string | null } {
  try {
    return { value: JSON.parse(text) as unknown, damage: null };
  } catch (error) {
    const reason = `not valid JSON (${(error as Error).message})`;
    try {
      // A file cut short (a full disk, a crash in an older version) still holds whole items.
      return { value: JSON.parse(jsonrepair(text)) as unknown, damage: reason };
    } catch {
      return { value: undefined, damage: reason };
    }
  }
}

/**
 * Reads settings.json's text, keeping every field, and every item of every list, that is
 * valid on its own. A byte-order mark and fields this version does not know are no damage.
 */
export function parseSettings(text: string): ParsedSettings {
  const settings = defaultSettings();
  const damage: string[] = [];
  const kept: string[] = [];
  const { value, damage: jsonDamage } = parseJson(text.replace(/^\uFEFF/, ''));
  if (jsonDamage) damage.push(jsonDamage);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    if (!jsonDamage) damage.push('not a JSON object');
    return { settings, damage, kept };
  }
  const saved = value as Record<string, unknown>;
  const target = settings as Record<string, unknown>;
  for (const [key, field] of Object.entries(settingsFields)) {
    if (!(key in saved)) continue;
    const raw = saved[key];
    if (field.kind === 'single') {
      const result = recoverValue(field.schema as z.ZodType<unknown>, raw);
      if (result.ok) target[key] = result.value;
      else damage.push(`${field.label} (${result.reason})`);
      continue;
    }
    if (!Array.isArray(raw)) {
      damage.push(`${field.label} (not a list)`);
      continue;
    }
    const items: unknown[] = [];
    const reasons: string[] = [];
    let repaired = 0;
    for (const [i, item] of raw.slice(0, field.max).entries()) {
      const result = recoverValue(field.schema as z.ZodType<unknown>, item);
      if (result.ok) {
        items.push(result.value);
        if (result.repaired) repaired += 1;
      } else reasons.push(`#${i + 1}: ${result.reason}`);
    }
    target[key] = items;
    if (raw.length > field.max) reasons.push(`${raw.length - field.max} over the limit`);
    if (reasons.length > 0) {
      damage.push(
        `${raw.length - items.length} of ${raw.length} ${field.label} (${reasons.slice(0, 3).join('; ')})`,
      );
      if (items.length > 0) kept.push(`${items.length} of ${raw.length} ${field.label}`);
    } else if (repaired > 0) {
      damage.push(`fields this version does not know, in ${repaired} of ${field.label}`);
      kept.push(`all ${items.length} ${field.label}`);
    } else if (jsonDamage && items.length > 0) {
      kept.push(`${items.length} ${field.label}`);
    }
  }
  return { settings, damage, kept };
}
