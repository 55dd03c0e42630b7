// openbadgeslib (PyPI), a second and independent eddsa-rdfc-2022 verifier, checks
// what kiln signs: unicode-heavy credentials verify, tampered copies do not.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {credential, kiln, root, tempDir, writeJson} from './lib.mjs';

const python = join(root, 'node_modules', '.cache', 'kiln-pybakery', 'bin', 'python');

function theirVerify(files) {
  const r = spawnSync(python, [join(root, 'tests', 'interop', 'openbadgeslib_verify.py'), ...files],
    {encoding: 'utf8'});
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n').map((l) => JSON.parse(l));
}

test('openbadgeslib verifies kiln eddsa-rdfc-2022 credentials and rejects tampered ones', () => {
  const dir = tempDir();
  const key = `${dir}/key.json`;
  assert.equal(kiln(['keygen', '-o', key]).status, 0);
  const signed = [];
  const tampered = [];
  for (let i = 0; i < 6; i++) {
    const unsigned = credential(i, 'https://example.edu/issuers/1');
    // openbadgeslib requires a subject id or identifier (OB 3.0 AchievementSubject).
    unsigned.credentialSubject.id = `did:example:learner-${i}`;
    const path = writeJson(dir, `u${i}.json`, unsigned);
    const out = `${dir}/s${i}.json`;
    const r = kiln(['sign', '--key', key, '--suite', 'eddsa-rdfc-2022', '-o', out, path]);
    assert.equal(r.status, 0, r.stderr);
    signed.push(out);
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    doc.credentialSubject.achievement.description += ' (edited)';
    tampered.push(writeJson(dir, `t${i}.json`, doc));
  }
  for (const r of theirVerify(signed)) assert.equal(r.verified, true, `${r.file}: ${r.error}`);
  for (const r of theirVerify(tampered)) {
    assert.equal(r.verified, false, `${r.file} must fail`);
    assert.match(r.error, /signature/i);
  }
});

