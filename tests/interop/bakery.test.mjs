// Interop with two Open Badges 2.0 bakers: Mozilla's reference baker (npm `openbadges-bakery`
// 1.0.5) and Concentric Sky's (PyPI `openbadges-bakery` 2.0.0, through tests/interop/bakery.py
// in the venv tests/setup.sh makes). Badges they bake must unbake with `kiln`, and badges
// `kiln bake --ob2` writes must unbake with them.
//
// The npm baker cannot write PNGs on current Node (its `bitwriter` dependency subclasses
// Buffer in a way Node >= 16 refuses), so PNGs are baked by the PyPI baker; the npm baker
// still reads PNGs and bakes and reads SVGs.
//
// Run: `node --test tests/interop/` after `cargo build -p kiln-cli`. The kiln binary is
// $KILN_BIN, else $CARGO_TARGET_DIR/debug/kiln, else target/debug/kiln. The Python is
// $KILN_PYBAKERY, else node_modules/.cache/kiln-pybakery/bin/python.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const bakery = require('openbadges-bakery');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const targetDir = process.env.CARGO_TARGET_DIR ? path.resolve(root, process.env.CARGO_TARGET_DIR) : path.join(root, 'target');
const kilnBin = process.env.KILN_BIN ? path.resolve(root, process.env.KILN_BIN) : path.join(targetDir, 'debug', 'kiln');
const python = process.env.KILN_PYBAKERY ?? path.join(root, 'node_modules', '.cache', 'kiln-pybakery', 'bin', 'python');
const fixtures = path.join(root, 'tests', 'fixtures', 'baking');
const fixture = (name) => fs.readFileSync(path.join(fixtures, name));

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-bakery-'));
process.on('exit', () => fs.rmSync(work, { recursive: true, force: true }));

function kiln(...args) {
  const r = spawnSync(kilnBin, args, { encoding: 'utf8' });
  if (r.error) throw new Error(`cannot run ${kilnBin} (build it with cargo build -p kiln-cli): ${r.error.message}`);
  return r;
}

/** Unbakes bytes with kiln; returns {kind, payload}. */
function kilnUnbake(bytes, ext) {
  const file = path.join(work, `in-${Math.random().toString(36).slice(2)}.${ext}`);
  fs.writeFileSync(file, bytes);
  const r = kiln('unbake', '--json', file);
  assert.equal(r.status, 0, `kiln unbake failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** Bakes with kiln --ob2; returns the output bytes. */
function kilnBake(imageName, ext, payload) {
  const cred = path.join(work, `cred-${Math.random().toString(36).slice(2)}.txt`);
  const out = path.join(work, `out-${Math.random().toString(36).slice(2)}.${ext}`);
  fs.writeFileSync(cred, payload);
  const r = kiln('bake', '--ob2', '--credential', cred, path.join(fixtures, imageName), '-o', out);
  assert.equal(r.status, 0, `kiln bake failed: ${r.stderr}`);
  return fs.readFileSync(out);
}

/** Runs the PyPI baker: bake IMAGE OUT PAYLOAD_FILE, or unbake IMAGE. */
function py(...args) {
  const r = spawnSync(python, [path.join(root, 'tests', 'interop', 'bakery.py'), ...args], { encoding: 'utf8' });
  if (r.error) throw new Error(`cannot run ${python} (run tests/setup.sh): ${r.error.message}`);
  assert.equal(r.status, 0, `PyPI bakery failed: ${r.stderr}`);
  return r.stdout;
}

function pyBake(imageName, ext, payload) {
  const id = Math.random().toString(36).slice(2);
  const cred = path.join(work, `py-cred-${id}.txt`);
  const out = path.join(work, `py-out-${id}.${ext}`);
  fs.writeFileSync(cred, payload);
  py('bake', path.join(fixtures, imageName), out, cred);
  return fs.readFileSync(out);
}

function pyUnbake(bytes, ext) {
  const file = path.join(work, `py-in-${Math.random().toString(36).slice(2)}.${ext}`);
  fs.writeFileSync(file, bytes);
  return py('unbake', file);
}

const peerBake = (options) =>
  new Promise((resolve, reject) => bakery.bake(options, (err, out) => (err ? reject(err) : resolve(out))));
const peerExtract = (bytes) =>
  new Promise((resolve, reject) => bakery.extract(bytes, (err, out) => (err ? reject(err) : resolve(out))));

const assertion = JSON.parse(fixture('ob2-1edtech-basic-assertion.json'));
const jws = fixture('ob2-1edtech-simple.jwt').toString('utf8').trim();
const url = 'https://example.org/beths-robotics-badge.json';
const plainSvg = fixture('x-mozilla-unbaked.svg');

test('kiln unbakes PNGs the PyPI baker baked (chunk right after IHDR)', () => {
  for (const [payload, kind] of [
    [JSON.stringify(assertion), 'ob2-json'],
    [jws, 'ob2-jws'],
    [url, 'hosted-url'],
  ]) {
    const baked = pyBake('plain-1edtech-robotics-badge.png', 'png', payload);
    assert.equal(pyUnbake(baked, 'png'), payload, 'the PyPI baker reads its own badge');
    assert.deepEqual(kilnUnbake(baked, 'png'), { kind, payload });
  }
});

test('kiln unbakes SVGs the PyPI baker baked', () => {
  for (const [payload, kind] of [
    [JSON.stringify(assertion), 'ob2-json'],
    [jws, 'ob2-jws'],
    [url, 'hosted-url'],
  ]) {
    const baked = pyBake('x-mozilla-unbaked.svg', 'svg', payload);
    assert.deepEqual(kilnUnbake(baked, 'svg'), { kind, payload });
  }
});

test('kiln unbakes SVGs the reference baker baked', async () => {
  // JSON in CDATA plus a verify URL: the JSON is the payload.
  const withJson = await peerBake({ image: plainSvg, assertion, url });
  assert.deepEqual(kilnUnbake(Buffer.from(withJson), 'svg'), { kind: 'ob2-json', payload: JSON.stringify(assertion) });
  // A signed assertion: the JWS in the verify attribute.
  const signed = await peerBake({ image: plainSvg, signature: jws });
  assert.deepEqual(kilnUnbake(Buffer.from(signed), 'svg'), { kind: 'ob2-jws', payload: jws });
  // A hosted assertion URL only.
  const hosted = await peerBake({ image: plainSvg, url });
  assert.deepEqual(kilnUnbake(Buffer.from(hosted), 'svg'), { kind: 'hosted-url', payload: url });
});

test('both bakers unbake what kiln bake --ob2 baked', async () => {
  const json = JSON.stringify(assertion);
  for (const payload of [json, jws, url]) {
    const png = kilnBake('plain-1edtech-robotics-badge.png', 'png', payload);
    assert.equal(await peerExtract(png), payload, 'npm, PNG');
    assert.equal(pyUnbake(png, 'png'), payload, 'PyPI, PNG');
    const svg = kilnBake('x-mozilla-unbaked.svg', 'svg', payload);
    assert.equal(await peerExtract(svg), payload, 'npm, SVG');
    // The PyPI baker returns the verify attribute when there is one: for a hosted
    // JSON assertion that is its id URL (kiln writes it, as the OB 2.0 baking spec asks).
    assert.equal(pyUnbake(svg, 'svg'), payload === json ? assertion.id : payload, 'PyPI, SVG');
  }
});

test('a badge re-baked by kiln over a peer\'s badge has one payload all read', async () => {
  const baked = pyBake('plain-1edtech-robotics-badge.png', 'png', jws);
  const file = path.join(work, 'peer.png');
  const cred = path.join(work, 'url.txt');
  const out = path.join(work, 'rebaked.png');
  fs.writeFileSync(file, baked);
  fs.writeFileSync(cred, url);
  const r = kiln('bake', '--ob2', '--credential', cred, file, '-o', out);
  assert.equal(r.status, 0, r.stderr);
  const rebaked = fs.readFileSync(out);
  assert.equal(await peerExtract(rebaked), url);
  assert.equal(pyUnbake(rebaked, 'png'), url);
  assert.deepEqual(kilnUnbake(rebaked, 'png'), { kind: 'hosted-url', payload: url });
});
