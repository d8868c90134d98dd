import { readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { marksExport, type MarksBackup, type MarksExport } from '../../shared/contract';
import { writeFileAtomically } from '../platform/atomic-file';

/** A time for file names: 2026-12-01T00-10-00-000Z. */
export const fileStamp = (at: Date): string => at.toISOString().replace(/[:.]/g, '-');

/** How many backups are kept (the newest). */
export const KEPT_BACKUPS = 7;
const BACKUP_NAME = /^marks-[0-9TZ.-]+\.json$/;

/** Backup names, newest first (the time in the name sorts as text). */
function backupNames(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => BACKUP_NAME.test(name))
      .sort()
      .reverse();
  } catch {
    return [];
  }
}

/** A backup's contents, checked; throws naming the file and what is wrong. */
export function readBackup(dir: string, name: string): MarksExport {
  const file = join(dir, name);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file} could not be read: ${(error as Error).message}`, { cause: error });
  }
  const parsed = marksExport.safeParse(json);
  if (!parsed.success) throw new Error(`${file} is not a marks export: ${parsed.error.message}`);
  return parsed.data;
}

/** Every readable backup, newest first. */
export function listBackups(dir: string): MarksBackup[] {
  return backupNames(dir).flatMap((name) => {
    try {
      const data = readBackup(dir, name);
      return [
        {
          name,
          at: data.exportedAt,
          files: data.files.length,
          collections: data.collections.length,
        },
      ];
    } catch {
      return [];
    }
  });
}

/** The newest backup that reads as an export, or null. */
export function newestBackup(dir: string): { name: string; data: MarksExport } | null {
  for (const name of backupNames(dir)) {
    try {
      return { name, data: readBackup(dir, name) };
    } catch {
      // A damaged backup: the one before it.
    }
  }
  return null;
}

/**
 * Writes an export as `marks-<time>.json` atomically and removes all but the newest
 * KEPT_BACKUPS; returns the new backup's name.
 */
export async function writeBackup(dir: string, json: string, at: Date): Promise<string> {
  let time = at.getTime();
  const taken = new Set(backupNames(dir));
  // Two backups in one millisecond (a restore right after a change) keep distinct names.
  while (taken.has(`marks-${fileStamp(new Date(time))}.json`)) time += 1;
  const name = `marks-${fileStamp(new Date(time))}.json`;
  await writeFileAtomically(join(dir, name), (out) => out.write(json));
  for (const old of backupNames(dir).slice(KEPT_BACKUPS)) {
    await rm(join(dir, old), { force: true });
  }
  return name;
}
