// Time digitalbazaar's verifier (@digitalbazaar/vc verifyCredential with
// DataIntegrityProof + eddsa-rdfc-2022) on the credential Kiln's
// `benches/verify.rs` verifies, with the same offline contexts (Kiln's
// bundled files) and did:key resolution as the interop tests.
// Usage: node bench/verify-js.mjs [CREDENTIAL.json] [ITERATIONS]
// Prints one line: `js-verify-ms <ms per verify>`.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {documentLoader, root} from '../tests/interop/lib.mjs';

const file = process.argv[2] ??
  join(root, 'crates', 'kiln-core', 'benches', 'data', 'ob30-typical-rdfc.json');
const iterations = Number(process.argv[3] ?? 300);
const credential = JSON.parse(readFileSync(file, 'utf8'));
const suite = new DataIntegrityProof({cryptosuite});

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
