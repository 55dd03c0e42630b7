// Interop with digitalbazaar's ecdsa-sd-2023 cryptosuite (selective
// disclosure), both directions: they sign and derive, kiln verifies; kiln
// signs and derives, they verify; each side derives from the other's base
// proof. Tampered copies (a changed disclosed value, a withheld claim added
// back, reordered or dropped statement signatures, the proof moved to
// another credential) are refused by both. Unicode-heavy OB 3.0
// credentials, VC 2.0 and VC 1.1.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {
  createDiscloseCryptosuite, createSignCryptosuite, createVerifyCryptosuite,
} from '@digitalbazaar/ecdsa-sd-2023-cryptosuite';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import * as cborg from 'cborg';
import {credential, documentLoader as baseLoader, kiln, tempDir, writeJson} from './lib.mjs';

const COUNT = 3;
// VC 2.0 for even numbers, VC 1.1 for odd ones.
const mandatory = (i) =>
  ['/issuer', i % 2 === 1 ? '/issuanceDate' : '/validFrom', '/credentialSubject/achievement'];
const REVEAL = ['/credentialSubject/name'];

// did:key for P-256 keys (zDn...); everything else as the shared loader does.
async function documentLoader(url) {
  if (!url.startsWith('did:key:zDn')) return baseLoader(url);
  const [did, fragment] = url.split('#');
  const multibase = did.slice('did:key:'.length);
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
    authentication: [vmId],
  };
  return {contextUrl: null, documentUrl: url, document};
}

async function newKey() {
  const key = await EcdsaMultikey.generate({curve: 'P-256'});
  const did = `did:key:${key.publicKeyMultibase}`;
  key.controller = did;
  key.id = `${did}#${key.publicKeyMultibase}`;
  return key;
}

function unsigned(i, issuer) {
  const c = credential(i, issuer, {v1: i % 2 === 1});
  // Something a holder may keep to themselves.
  c.description = `Private remark ${i}: ✎ nur für den Inhaber.`;
  return c;
}

async function theirSign(doc, key, i) {
  const suite = new DataIntegrityProof({
    signer: key.signer(), cryptosuite: createSignCryptosuite({mandatoryPointers: mandatory(i)}),
  });
  return vc.issue({credential: structuredClone(doc), suite, documentLoader});
}

async function theirDerive(signed, selectivePointers) {
  const suite = new DataIntegrityProof({
    cryptosuite: createDiscloseCryptosuite({selectivePointers}),
  });
  return vc.derive({verifiableCredential: structuredClone(signed), suite, documentLoader});
}

async function theirVerify(doc) {
  const suite = new DataIntegrityProof({cryptosuite: createVerifyCryptosuite()});
  const r = await vc.verifyCredential({credential: structuredClone(doc), suite, documentLoader});
  return r.verified;
}

function kilnVerdict(dir, name, doc) {
  const r = kiln(['verify', '--json', '--offline', writeJson(dir, name, doc)]);
  const report = JSON.parse(r.stdout);
  return {verdict: report.verdict, report, stderr: r.stderr};
}

// The derived proof value's CBOR parts, to reorder or drop signatures.
function decodeDerived(value) {
  const bytes = Buffer.from(value.slice(1), 'base64url');
  assert.deepEqual([...bytes.subarray(0, 3)], [0xd9, 0x5d, 0x01]);
  return cborg.decode(bytes.subarray(3), {useMaps: true});
}

function encodeDerived(parts) {
  const body = cborg.encode(parts, {useMaps: true});
  return 'u' + Buffer.concat([Buffer.from([0xd9, 0x5d, 0x01]), body]).toString('base64url');
}

/** Changed copies of `derived` (other: a derived credential of the same issuer); each must fail. */
function tamperings(derived, base, other) {
  const out = [];
  const changed = structuredClone(derived);
  changed.credentialSubject.achievement.name += '!';
  out.push(['changed mandatory value', changed]);
  if (derived.credentialSubject.name !== undefined) {
    const revealed = structuredClone(derived);
    revealed.credentialSubject.name += '?';
    out.push(['changed revealed value', revealed]);
  }
  const added = structuredClone(derived);
  added.description = base.description;
  out.push(['withheld claim added back', added]);
  const parts = decodeDerived(derived.proof.proofValue);
  if (parts[2].length >= 2) {
    const swapped = structuredClone(derived);
    const p = decodeDerived(derived.proof.proofValue);
    [p[2][0], p[2][1]] = [p[2][1], p[2][0]];
    swapped.proof.proofValue = encodeDerived(p);
    out.push(['reordered statement signatures', swapped]);
  }
  if (parts[2].length >= 1) {
    const dropped = structuredClone(derived);
    const p = decodeDerived(derived.proof.proofValue);
    p[2].pop();
    dropped.proof.proofValue = encodeDerived(p);
    out.push(['dropped statement signature', dropped]);
  }
  const moved = structuredClone(other);
  moved.proof = structuredClone(derived.proof);
  out.push(['proof moved to another credential', moved]);
  return out;
}

async function bothRefuse(dir, label, derived, base, other) {
  for (const [what, doc] of tamperings(derived, base, other)) {
    assert.equal(await theirVerify(doc), false, `${label}: ${what}: digitalbazaar must refuse`);
    const k = kilnVerdict(dir, 'tampered.json', doc);
    assert.notEqual(k.verdict, 'verified', `${label}: ${what}: kiln must refuse: ${JSON.stringify(k.report.checks)}`);
  }
}

test(`digitalbazaar signs and derives, kiln verifies (${COUNT} credentials)`, async () => {
  const dir = tempDir();
  const key = await newKey();
  for (let i = 0; i < COUNT; i++) {
    const doc = unsigned(i, key.controller);
    const base = await theirSign(doc, key, i);
    const derived = await theirDerive(base, REVEAL);
    assert.equal(await theirVerify(derived), true, `credential ${i}: their own derived proof`);
    assert.equal(derived.description, undefined);
    const k = kilnVerdict(dir, `d${i}.json`, derived);
    assert.equal(k.verdict, 'verified', `credential ${i}: ${JSON.stringify(k.report.checks)} ${k.stderr}`);
    const disclosure = k.report.checks.find((c) => c.check === 'disclosure');
    assert.ok(disclosure?.detail.includes('withheld by the holder'), JSON.stringify(disclosure));
    assert.ok(k.report.credential.disclosed.includes('/credentialSubject/name'));

    // Their base proof is the holder's: kiln says so.
    const kb = kilnVerdict(dir, `b${i}.json`, base);
    assert.equal(kb.verdict, 'error');
    assert.equal(kb.report.error.code, 'ecdsa-sd-base-proof');

    // Kiln derives from their base proof; they verify it.
    const basePath = writeJson(dir, `b${i}.json`, base);
    const r = kiln(['derive', '--reveal', '/credentialSubject/name', basePath]);
    assert.equal(r.status, 0, r.stderr);
    const ours = JSON.parse(r.stdout);
    assert.equal(await theirVerify(ours), true, `credential ${i}: kiln's derivation of their base`);

    const other = await theirDerive(await theirSign(unsigned(i + 2, key.controller), key, i + 2), REVEAL);
    await bothRefuse(dir, `credential ${i}`, derived, base, other);
  }
});

test(`kiln signs and derives, digitalbazaar verifies (${COUNT} credentials)`, async () => {
  const dir = tempDir();
  const key = await newKey();
  const exported = await key.export({publicKey: true, secretKey: true});
  const keyFile = writeJson(dir, 'p256.json', {
    publicKeyMultibase: exported.publicKeyMultibase,
    secretKeyMultibase: exported.secretKeyMultibase,
  });
  const sign = (i) => {
    const path = writeJson(dir, `c${i}.json`, unsigned(i, key.controller));
    const args = ['sign', '--cryptosuite', 'ecdsa-sd-2023', '--key', keyFile];
    for (const p of mandatory(i)) args.push('--mandatory', p);
    const r = kiln([...args, path]);
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout);
  };
  const derive = (base, name, reveal) => {
    const args = ['derive'];
    for (const p of reveal) args.push('--reveal', p);
    const r = kiln([...args, writeJson(dir, name, base)]);
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout);
  };
  for (let i = 0; i < COUNT; i++) {
    const base = sign(i);
    assert.equal(base.issuer.id, key.controller);
    const derived = derive(base, `b${i}.json`, REVEAL);
    assert.equal(await theirVerify(derived), true, `credential ${i}: kiln's derived proof`);
    assert.equal(kilnVerdict(dir, `d${i}.json`, derived).verdict, 'verified');
    // The minimal disclosure too.
    const minimal = derive(base, `b${i}.json`, []);
    assert.equal(minimal.credentialSubject.name, undefined);
    assert.equal(await theirVerify(minimal), true, `credential ${i}: minimal disclosure`);

    // They derive from kiln's base proof; kiln verifies it.
    const theirs = await theirDerive(base, REVEAL);
    assert.equal(await theirVerify(theirs), true);
    assert.equal(kilnVerdict(dir, `t${i}.json`, theirs).verdict, 'verified');

    const other = derive(sign(i + 2), `o${i}.json`, REVEAL);
    await bothRefuse(dir, `credential ${i}`, derived, base, other);
  }
});
