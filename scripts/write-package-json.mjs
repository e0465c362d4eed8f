// Writes pkg/package.json from the manifest in pkg.json, with the version from Cargo.toml.
import { readFileSync, writeFileSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('pkg.json', root), 'utf8'));
const cargo = readFileSync(new URL('Cargo.toml', root), 'utf8');
const version = cargo.match(/^\[package\][^[]*?^version\s*=\s*"([^"]+)"/ms)?.[1];
if (!version) throw new Error('no [package] version in Cargo.toml');
const out = { name: manifest.name, version, ...manifest };
writeFileSync(new URL('pkg/package.json', root), JSON.stringify(out, null, 2) + '\n');
