/** `npm run notices`: writes THIRD-PARTY-NOTICES.txt (scripts/third-party-notices.ts). */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderNotices } from './third-party-notices';

const root = resolve(__dirname, '..');
const out = join(root, 'THIRD-PARTY-NOTICES.txt');
writeFileSync(out, renderNotices(root));
console.log(`wrote ${out}`);
