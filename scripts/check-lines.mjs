#!/usr/bin/env node
// Lines in src/ stay within 120 characters (issue 13). Biome's formatter wraps code at 120 but
// cannot split a long string or comment, so this check catches what it leaves.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const LIMIT = 120;
const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['src'];
const files = [];
const walk = (p) => (statSync(p).isDirectory() ? readdirSync(p).forEach((f) => walk(join(p, f))) : /\.(ts|mjs|js)$/.test(p) && files.push(p));
roots.forEach(walk);
let long = 0;
for (const f of files) {
  readFileSync(f, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if ([...line].length > LIMIT) {
        long++;
        if (long <= 30) console.log(`${f}:${i + 1}: ${[...line].length} characters`);
      }
    });
}
console.log(`check-lines: ${long} line(s) over ${LIMIT} characters in ${files.length} files under ${roots.join(', ')}`);
process.exit(long ? 1 : 0);
