// Shared helpers for the interop tests: the kiln binary, an offline document loader
// built from Kiln's bundled contexts, did:key resolution, and test credentials.
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const kilnBin = process.env.KILN_BIN ??
  join(process.env.CARGO_TARGET_DIR ?? join(root, 'target'), 'debug', 'kiln');

/** Runs kiln; returns {status, stdout, stderr}. */
export function kiln(args, input) {
  const r = spawnSync(kilnBin, args, {input, encoding: 'utf8'});
  if (r.error) throw r.error;
  return {status: r.status, stdout: r.stdout, stderr: r.stderr};
}

export function tempDir() {
  return mkdtempSync(join(tmpdir(), 'kiln-interop-'));
}

export function writeJson(dir, name, value) {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return path;
}

// Contexts: the same files Kiln bundles, never fetched.
const contextDir = join(root, 'crates', 'kiln-core', 'contexts');
const contextIndex = JSON.parse(readFileSync(join(contextDir, 'index.json'), 'utf8'));
const contexts = new Map(Object.entries(contextIndex).map(
  ([url, file]) => [url, JSON.parse(readFileSync(join(contextDir, file), 'utf8'))]));

async function didKeyDocument(url) {
  const [did, fragment] = url.split('#');
  const multibase = did.slice('did:key:'.length);
  const vmId = `${did}#${multibase}`;
  const key = await Ed25519Multikey.from({
    '@context': 'https://w3id.org/security/multikey/v1',
    type: 'Multikey', id: vmId, controller: did, publicKeyMultibase: multibase,
  });
  const vm = key.export({publicKey: true, includeContext: true});
  if (fragment) return vm;
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod: [{...vm, '@context': undefined}],
    assertionMethod: [vmId],
    authentication: [vmId],
  };
}

/** An offline JSON-LD document loader: bundled contexts and did:key only. */
export async function documentLoader(url) {
  if (contexts.has(url)) return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
  if (url.startsWith('did:key:')) {
    return {contextUrl: null, documentUrl: url, document: await didKeyDocument(url)};
  }
  throw new Error(`offline loader: ${url} is not available`);
}

const names = [
  ['Zoë Ångström-Nuñez', 'Résumé writing ® — “advanced”'],
  ['山田 太郎', '日本語のプレゼンテーション 🎤'],
  ['فاطمة الزهراء', 'مهارات القيادة'],
  ['Ørjan Æsir', 'Cafe\u0301 barista: latte art ☕'],
  ['Σωκράτης Παπαδόπουλος', 'Ελληνικά B2 · ‘quoted’ «guillemets»'],
  ['Иван Петров', 'Кибербезопасность 🔐 👩🏽‍💻'],
];

/** An unsigned OB 3.0 credential (VC 2.0) for issuer `issuer`, number `i` of the unicode set. */
export function credential(i, issuer, {v1 = false} = {}) {
  const [person, achievement] = names[i % names.length];
  const base = v1 ? {
    '@context': ['https://www.w3.org/2018/credentials/v1',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    issuanceDate: '2024-01-15T10:00:00Z',
  } : {
    '@context': ['https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    validFrom: '2024-01-15T10:00:00Z',
  };
  return {
    ...base,
    id: `urn:uuid:8f3c2a10-0000-4000-8000-00000000000${i}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: achievement,
    issuer: {id: issuer, type: ['Profile'], name: `Académie «${i}» ™`, url: 'https://example.edu/'},
    credentialSubject: {
      type: ['AchievementSubject'],
      name: person,
      achievement: {
        id: `https://example.edu/achievements/${i}`,
        type: ['Achievement'],
        name: achievement,
        description: `${achievement}: described with “curly quotes”, emoji 🎓 and 中文.`,
        criteria: {narrative: `Complete the ${achievement} course. ✓`},
      },
    },
  };
}

export {execFileSync};
