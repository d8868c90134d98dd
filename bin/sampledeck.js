#!/usr/bin/env node
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const cli = join(__dirname, '..', 'out', 'main', 'cli.js');
if (!existsSync(cli)) {
  console.error('sampledeck: not built yet; run `npm run build` first');
  process.exit(1);
}
require(cli);
