// Interop with digitalbazaar's ECDSA cryptosuites, both directions:
// ecdsa-rdfc-2019 and ecdsa-jcs-2019, P-256 and P-384. What kiln signs they
// verify (through @digitalbazaar/vc), what they sign kiln verifies, and a
// tampered copy is refused by both. OB 3.0 credentials with unicode values,
// VC 2.0 (and VC 1.1 for some of theirs).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as rdfcCryptosuite} from '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import {createSignCryptosuite, createVerifyCryptosuite} from '@digitalbazaar/ecdsa-jcs-2019-cryptosuite';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import {credential, documentLoader as baseLoader, kiln, tempDir, writeJson} from './lib.mjs';

const COUNT = 3;
const suites = {
  'ecdsa-rdfc-2019': {sign: rdfcCryptosuite, verify: rdfcCryptosuite},
  'ecdsa-jcs-2019': {sign: createSignCryptosuite(), verify: createVerifyCryptosuite()},
};
const curves = {p256: 'P-256', p384: 'P-384'};

/** The bundled contexts and did:key for Ed25519, P-256 and P-384 keys. */
async function documentLoader(url) {
  const m = /^did:key:(z(?:Dn|82)[1-9A-HJ-NP-Za-km-z]+)(#.*)?$/.exec(url);
  if (!m) return baseLoader(url);
  const [, multibase, fragment] = m;
  const did = `did:key:${multibase}`;
  const vmId = `${did}#${multibase}`;
  const key = await EcdsaMultikey.from({
    '@context': 'https://w3id.org/security/multikey/v1',
    type: 'Multikey', id: vmId, controller: did, publicKeyMultibase: multibase,
  });
  const vm = key.export({publicKey: true, includeContext: true});
  const document = fragment ? vm : {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod: [{...vm, '@context': undefined}],
    assertionMethod: [vmId],
  };
  return {contextUrl: null, documentUrl: url, document};
}

async function theirVerify(signed, cryptosuite) {
  const suite = new DataIntegrityProof({cryptosuite});
  return vc.verifyCredential({credential: signed, suite, documentLoader});
}

function kilnReport(dir, name, signed) {
  const path = writeJson(dir, name, signed);
  const r = kiln(['verify', '--json', '--offline', path]);
  return {status: r.status, report: JSON.parse(r.stdout), stderr: r.stderr};
}

for (const [name, suite] of Object.entries(suites)) {
  for (const [type, curve] of Object.entries(curves)) {
    test(`${name} ${curve}: kiln signs, digitalbazaar verifies`, async () => {
      const dir = tempDir();
      const keyFile = `${dir}/key.json`;
      assert.equal(kiln(['keygen', '--type', type, '-o', keyFile]).status, 0);
      for (let i = 0; i < COUNT; i++) {
        const unsigned = writeJson(dir, `c${i}.json`, credential(i, 'https://example.edu/issuers/1'));
        const r = kiln(['sign', '--key', keyFile, '--cryptosuite', name, unsigned]);
        assert.equal(r.status, 0, r.stderr);
        const signed = JSON.parse(r.stdout);
        assert.equal(signed.proof.cryptosuite, name);
        const result = await theirVerify(signed, suite.verify);
        assert.equal(result.verified, true,
          `credential ${i}: ${JSON.stringify(result.error ?? result.results)}`);

        const tampered = structuredClone(signed);
        tampered.credentialSubject.achievement.name += '!';
        assert.equal((await theirVerify(tampered, suite.verify)).verified, false);
        assert.equal(kilnReport(dir, `t${i}.json`, tampered).report.verdict, 'invalid');
      }
    });

    test(`${name} ${curve}: digitalbazaar signs, kiln verifies`, async () => {
      const dir = tempDir();
      const key = await EcdsaMultikey.generate({curve});
      key.controller = `did:key:${key.publicKeyMultibase}`;
      key.id = `${key.controller}#${key.publicKeyMultibase}`;
      for (let i = 0; i < COUNT; i++) {
        const unsigned = credential(i, key.controller, {v1: i === 2});
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
}
