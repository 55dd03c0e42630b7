// Time digitalbazaar's verifier (@digitalbazaar/vc verifyCredential with
// DataIntegrityProof) on a credential Kiln's `benches/verify.rs` verifies,
// with the same offline contexts (Kiln's bundled files) and did:key
// resolution (Ed25519 and P-256 / P-384) as the interop tests. The
// cryptosuite is the one the file's proof names: eddsa-rdfc-2022,
// ecdsa-rdfc-2019, ecdsa-jcs-2019 or ecdsa-sd-2023 (a derived proof).
// Usage: node bench/verify-js.mjs [CREDENTIAL.json] [ITERATIONS]
// Prints one line: `js-verify-ms <ms per verify>`.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {cryptosuite as ecdsaRdfc} from '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import {createVerifyCryptosuite as ecdsaJcs} from '@digitalbazaar/ecdsa-jcs-2019-cryptosuite';
import {createVerifyCryptosuite as ecdsaSd} from '@digitalbazaar/ecdsa-sd-2023-cryptosuite';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import {documentLoader as baseLoader, root} from '../tests/interop/lib.mjs';

const file = process.argv[2] ??
  join(root, 'crates', 'kiln-core', 'benches', 'data', 'ob30-typical-rdfc.json');
const iterations = Number(process.argv[3] ?? 300);
const credential = JSON.parse(readFileSync(file, 'utf8'));

const SUITES = {
  'eddsa-rdfc-2022': () => eddsaRdfc,
  'ecdsa-rdfc-2019': () => ecdsaRdfc,
  'ecdsa-jcs-2019': () => ecdsaJcs(),
  'ecdsa-sd-2023': () => ecdsaSd(),
};
const name = credential.proof?.cryptosuite;
if (!(name in SUITES)) throw new Error(`${file}: no proof of a suite this script times (${Object.keys(SUITES).join(', ')})`);
const suite = new DataIntegrityProof({cryptosuite: SUITES[name]()});

/** The bundled contexts, and did:key for Ed25519 and (here) P-256 / P-384 keys. */
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
  const vm = await key.export({publicKey: true, includeContext: true});
  const document = fragment ? vm : {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod: [{...vm, '@context': undefined}],
    assertionMethod: [vmId],
  };
  return {contextUrl: null, documentUrl: url, document};
}

async function once() {
  const result = await vc.verifyCredential({credential, suite, documentLoader});
  if (!result.verified) {
    throw new Error(`not verified: ${JSON.stringify(result.error ?? result, null, 1)}`);
  }
}

const warmUp = Math.max(20, Math.floor(iterations / 5));
for (let i = 0; i < warmUp; i++) await once();
const start = process.hrtime.bigint();
for (let i = 0; i < iterations; i++) await once();
const ms = Number(process.hrtime.bigint() - start) / 1e6 / iterations;
console.log(`js-verify-ms ${ms.toFixed(4)}`);
