// Interop with digitalbazaar's Data Integrity stack, both directions:
// what kiln signs they verify, what they sign kiln verifies, and what they
// reject kiln rejects. Suites: eddsa-jcs-2022, eddsa-rdfc-2022, and
// Ed25519Signature2020 (their signing, our verifying).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {createSignCryptosuite, createVerifyCryptosuite} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import {cryptosuite as rdfcCryptosuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {Ed25519Signature2020} from '@digitalbazaar/ed25519-signature-2020';
import {Ed25519VerificationKey2020} from '@digitalbazaar/ed25519-verification-key-2020';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {readFileSync} from 'node:fs';
import {credential, documentLoader, kiln, root, tempDir, writeJson} from './lib.mjs';

const COUNT = 6;
const suites = {
  'eddsa-jcs-2022': {sign: createSignCryptosuite(), verify: createVerifyCryptosuite()},
  'eddsa-rdfc-2022': {sign: rdfcCryptosuite, verify: rdfcCryptosuite},
};

async function theirVerify(signed, cryptosuite) {
  const suite = new DataIntegrityProof({cryptosuite});
  return vc.verifyCredential({credential: signed, suite, documentLoader});
}

function kilnReport(dir, name, signed) {
  const path = writeJson(dir, name, signed);
  const r = kiln(['verify', '--json', '--offline', path]);
  return {status: r.status, report: JSON.parse(r.stdout), stderr: r.stderr};
}

async function newMultikey() {
  const key = await Ed25519Multikey.generate();
  const controller = `did:key:${key.publicKeyMultibase}`;
  key.controller = controller;
  key.id = `${controller}#${key.publicKeyMultibase}`;
  return key;
}

for (const [name, suite] of Object.entries(suites)) {
  test(`${name}: kiln signs, digitalbazaar verifies (${COUNT} credentials)`, async () => {
    const dir = tempDir();
    const keyFile = `${dir}/key.json`;
    assert.equal(kiln(['keygen', '-o', keyFile]).status, 0);
    for (let i = 0; i < COUNT; i++) {
      const unsigned = writeJson(dir, `c${i}.json`, credential(i, 'https://example.edu/issuers/1'));
      const r = kiln(['sign', '--key', keyFile, '--suite', name, unsigned]);
      assert.equal(r.status, 0, r.stderr);
      const signed = JSON.parse(r.stdout);
      const result = await theirVerify(signed, suite.verify);
      assert.equal(result.verified, true, `credential ${i}: ${JSON.stringify(result.error ?? result.results)}`);

      const tampered = structuredClone(signed);
      tampered.credentialSubject.achievement.name += '!';
      const theirs = await theirVerify(tampered, suite.verify);
      assert.equal(theirs.verified, false, `credential ${i}: tampered copy must fail`);
      assert.equal(kilnReport(dir, `t${i}.json`, tampered).report.verdict, 'invalid');
    }
  });

  test(`${name}: digitalbazaar signs, kiln verifies (${COUNT} credentials)`, async () => {
    const dir = tempDir();
    const key = await newMultikey();
    for (let i = 0; i < COUNT; i++) {
      const unsigned = credential(i, key.controller, {v1: i % 3 === 2});
      const signed = await vc.issue({
        credential: unsigned,
        suite: new DataIntegrityProof({signer: key.signer(), cryptosuite: suite.sign}),
        documentLoader,
      });
      const {status, report} = kilnReport(dir, `s${i}.json`, signed);
      assert.equal(report.verdict, 'verified', `credential ${i}: ${JSON.stringify(report.checks)}`);
      assert.equal(status, 0);

      const swapped = structuredClone(signed);
      swapped.credentialSubject.name = 'Mallory';
      const t = kilnReport(dir, `m${i}.json`, swapped);
      assert.equal(t.report.verdict, 'invalid');
      assert.equal(t.status, 1);
      assert.equal((await theirVerify(swapped, suite.verify)).verified, false);
    }
  });
}

test('Ed25519Signature2020: digitalbazaar signs, kiln verifies', async () => {
  const dir = tempDir();
  const key = await Ed25519VerificationKey2020.generate();
  key.controller = `did:key:${key.fingerprint()}`;
  key.id = `${key.controller}#${key.fingerprint()}`;
  for (let i = 0; i < 3; i++) {
    const unsigned = credential(i, key.controller, {v1: true});
    unsigned['@context'].push('https://w3id.org/security/suites/ed25519-2020/v1');
    const signed = await vc.issue({
      credential: unsigned, suite: new Ed25519Signature2020({key}), documentLoader,
    });
    assert.equal(kilnReport(dir, `e${i}.json`, signed).report.verdict, 'verified');
    const tampered = structuredClone(signed);
    tampered.name = 'Forged';
    assert.equal(kilnReport(dir, `f${i}.json`, tampered).report.verdict, 'invalid');
  }
});

test('kiln issue: a sample of a bulk-issued class verifies with digitalbazaar', async () => {
  const dir = tempDir();
  const key = `${dir}/key.json`;
  assert.equal(kiln(['keygen', '-o', key]).status, 0);
  const achievement = writeJson(dir, 'achievement.json', {
    id: 'https://example.edu/achievements/robotics-2', type: ['Achievement'], name: 'Robotics Level 2',
    description: 'Builds and programs a line-following robot.', criteria: {narrative: 'Pass the assessment.'},
  });
  const csv = writeJson(dir, 'class.csv',
    'name,email\nZoë Ångström,zoe@example.org\nΣωκράτης Παπαδόπουλος,\nИван Петров,ivan@example.org\n' +
    '"Tom & Jerry <the ""cat"">",\n山田 太郎,taro@example.org\n');
  const template = `${root}/crates/kiln-render/templates/seal.svg`;
  const r = kiln(['issue', '--template', template, '--key', key, '--achievement', achievement,
    '--recipients', csv, '--out', `${dir}/out`, '--issuer-name', 'Académie Ωmega']);
  assert.equal(r.status, 0, r.stderr);
  const files = readFileSync(`${dir}/out/manifest.csv`, 'utf8').trim().split('\n').slice(1)
    .map((line) => line.split(',')[1]);
  assert.equal(files.length, 5);
  for (const file of files) {
    const baked = kiln(['unbake', `${dir}/out/${file}`]);
    assert.equal(baked.status, 0, baked.stderr);
    const signed = JSON.parse(baked.stdout);
    const result = await theirVerify(signed, rdfcCryptosuite);
    assert.equal(result.verified, true, `${file}: ${JSON.stringify(result.error ?? result.results)}`);
  }
});
