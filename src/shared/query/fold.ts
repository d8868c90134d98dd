const COMBINING_MARKS = /\p{M}/gu;
const BEYOND_ASCII = /[\u0080-\uffff]/;

/**
 * Text as search compares it: lower case, accents dropped (NFD, then no combining marks), so
 * "unicode" finds "Ünicöde". ASCII, most of a library, skips the normalisation: the index folds
 * every file's text when it arrives, 100,000 of them at a restart.
 */
export function fold(text: string): string {
  const lower = text.toLowerCase();
  return BEYOND_ASCII.test(lower) ? lower.normalize('NFD').replace(COMBINING_MARKS, '') : lower;
}
