// A CLR 2.0 learner record made by `kiln clr` from credentials signed by
// `kiln sign` (two issuers, eddsa-rdfc-2022 and eddsa-jcs-2022):
// digitalbazaar's verifier verifies the record's proof and each nested
// credential's proof, and Kiln's verdict on the same record agrees.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {createVerifyCryptosuite} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import {cryptosuite as rdfcCryptosuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {readFileSync} from 'node:fs';
import {documentLoader, kiln, tempDir, writeJson} from './lib.mjs';

const LEARNER = 'did:example:learner-interop';
const verifiers = {
  'eddsa-jcs-2022': createVerifyCryptosuite(),
  'eddsa-rdfc-2022': rdfcCryptosuite,
};

function course(n) {
  const achievement = `https://example.edu/achievements/course-${n}`;
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: `urn:uuid:00000000-0000-4000-8000-00000000000${n}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: `Course ${n} certificate`,
    issuer: {id: 'did:example:replaced', type: ['Profile'], name: `College ${n % 2 ? 'A' : 'B'}`},
    validFrom: '2025-01-01T00:00:00Z',
    credentialSubject: {
      id: LEARNER,
      type: ['AchievementSubject'],
      achievement: {
        id: achievement, type: ['Achievement'], name: `Course ${n} — “Ünïcode” ☕`,
        description: `Passed course ${n}.`,
        criteria: {id: `${achievement}/criteria`, narrative: 'Pass the exam.'},
      },
    },
  };
}

async function theirVerify(signed) {
  const cryptosuite = verifiers[signed.proof.cryptosuite];
  const suite = new DataIntegrityProof({cryptosuite});
  return vc.verifyCredential({credential: signed, suite, documentLoader});
}

test('kiln clr: digitalbazaar verifies the record and each nested credential', async () => {
  const dir = tempDir();
  const keys = ['a', 'b', 'registrar'].map(k => `${dir}/${k}.json`);
  for (const k of keys) assert.equal(kiln(['keygen', '-o', k]).status, 0);
  const files = [];
  for (let n = 1; n <= 4; n++) {
    const unsigned = writeJson(dir, `c${n}.unsigned.json`, course(n));
    const suite = n <= 2 ? 'eddsa-rdfc-2022' : 'eddsa-jcs-2022';
    const out = `${dir}/c${n}.json`;
    const r = kiln(['sign', '--key', keys[n % 2], '--suite', suite, '-o', out, unsigned]);
    assert.equal(r.status, 0, r.stderr);
    files.push(out);
  }
  const assoc = writeJson(dir, 'assoc.json', [
    {source: 'https://example.edu/achievements/course-1', relation: 'precedes',
      target: 'https://example.edu/achievements/course-2'},
    {source: 'https://example.edu/achievements/course-3', relation: 'isPartOf',
      target: 'https://example.edu/achievements/course-4'},
  ]);
  const clrPath = `${dir}/clr.json`;
  const r = kiln(['clr', '--key', keys[2], '--learner', LEARNER, '--associations', assoc,
    '-o', clrPath, ...files]);
  assert.equal(r.status, 0, r.stderr);
  const record = JSON.parse(readFileSync(clrPath, 'utf8'));

  const outer = await theirVerify(record);
  assert.equal(outer.verified, true, JSON.stringify(outer.error ?? outer.results));
  for (const [i, nested] of record.credentialSubject.verifiableCredential.entries()) {
    const result = await theirVerify(nested);
    assert.equal(result.verified, true, `nested ${i + 1}: ${JSON.stringify(result.error ?? result.results)}`);
  }

  const ours = JSON.parse(kiln(['verify', '--json', '--offline', clrPath]).stdout);
  assert.equal(ours.verdict, 'verified', JSON.stringify(ours.checks));
  assert.deepEqual(ours.credentials.map(c => c.verdict), Array(4).fill('verified'));

  // An association changed: both verifiers refuse the record.
  const changed = structuredClone(record);
  changed.credentialSubject.association[0].associationType = 'isChildOf';
  assert.equal((await theirVerify(changed)).verified, false);
  const path = writeJson(dir, 'changed.json', changed);
  assert.equal(JSON.parse(kiln(['verify', '--json', '--offline', path]).stdout).verdict, 'invalid');
});
