// Open Badges 2.0 badges baked by an existing OB 2.0 baker (PyPI openbadges-bakery 2.0.0)
// verify through a local HTTP server on 127.0.0.1 (`kiln verify --allow-http-localhost`):
// a hosted assertion, and a signed (RS256 JWS) one whose key the server publishes.
// Revoked ones (HTTP 410, `revoked: true`, the issuer's revocation list) are invalid.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {createServer} from 'node:http';
import {generateKeyPairSync, sign} from 'node:crypto';
import {spawnSync} from 'node:child_process';
import {join} from 'node:path';
import {kilnBin, root, tempDir, writeJson} from './lib.mjs';

const OB2 = 'https://w3id.org/openbadges/v2';
const python = join(root, 'node_modules', '.cache', 'kiln-pybakery', 'bin', 'python');

/** A server answering from `routes` (path -> {status, body}); resolves to its base URL. */
function serve(routes) {
  const server = createServer((req, res) => {
    const r = routes.get(req.url);
    if (!r) { res.writeHead(404).end(); return; }
    res.writeHead(r.status ?? 200, {'content-type': 'application/json'}).end(
      typeof r.body === 'string' ? r.body : JSON.stringify(r.body));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    server, base: `http://127.0.0.1:${server.address().port}`,
  })));
}

/** Bakes `payload` into the plain PNG fixture with the PyPI baker. */
function pyBake(dir, payload) {
  const payloadFile = writeJson(dir, `p-${Math.random().toString(36).slice(2)}.txt`, payload);
  const out = join(dir, `b-${Math.random().toString(36).slice(2)}.png`);
  const r = spawnSync(python, [join(root, 'tests', 'interop', 'bakery.py'), 'bake',
    join(root, 'tests', 'fixtures', 'baking', 'plain-1edtech-robotics-badge.png'), out, payloadFile],
  {encoding: 'utf8'});
  assert.equal(r.status, 0, r.stderr);
  return out;
}

/** kiln verify's report (online, plain http allowed on 127.0.0.1). The kiln process runs
 * asynchronously so the in-process server can answer it. */
async function kilnVerify(file) {
  const {spawn} = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const p = spawn(kilnBin, ['verify', '--json', '--allow-http-localhost', file]);
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { err += d; });
    p.on('error', reject);
    p.on('close', (status) => {
      try { resolve({status, report: JSON.parse(out)}); } catch (e) { reject(new Error(`${e}: ${out} ${err}`)); }
    });
  });
}

function documents(base, routes, {revocationList = false} = {}) {
  const issuer = {
    '@context': OB2, type: 'Issuer', id: `${base}/issuer.json`, name: 'Académie Ωmega',
    url: base, email: 'badges@example.org',
  };
  if (revocationList) issuer.revocationList = `${base}/revocations.json`;
  routes.set('/issuer.json', {body: issuer});
  routes.set('/badge.json', {body: {
    '@context': OB2, type: 'BadgeClass', id: `${base}/badge.json`, name: 'Robotics Level 2',
    description: 'Builds a line-following robot.', image: `${base}/badge.png`,
    criteria: {narrative: 'Pass the practical assessment.'}, issuer: `${base}/issuer.json`,
  }});
}

function assertion(base, path, verification) {
  return {
    '@context': OB2, type: 'Assertion', id: `${base}${path}`,
    recipient: {type: 'email', hashed: false, identity: 'zoe@example.org'},
    badge: `${base}/badge.json`, verification, issuedOn: '2024-01-15T10:00:00Z',
  };
}

test('hosted OB 2.0 badges baked by the PyPI baker verify through a local server; revoked ones fail', async () => {
  const routes = new Map();
  const {server, base} = await serve(routes);
  try {
    documents(base, routes);
    const dir = tempDir();
    const cases = [
      ['/a1.json', {}, 'verified'],
      ['/a2.json', {revoked: true, revocationReason: 'Issued in error'}, 'invalid'],
      ['/a3.json', {gone: true}, 'invalid'],
    ];
    for (const [path, how, expected] of cases) {
      const doc = {...assertion(base, path, {type: 'hosted'})};
      if (how.revoked) Object.assign(doc, {revoked: true, revocationReason: how.revocationReason});
      routes.set(path, how.gone ? {status: 410, body: '{}'} : {body: doc});
      const badge = pyBake(dir, `${base}${path}`);
      const {status, report} = await kilnVerify(badge);
      assert.equal(report.verdict, expected, `${path}: ${JSON.stringify(report.checks)}`);
      assert.equal(status, expected === 'verified' ? 0 : 1);
      assert.equal(report.credential.format, 'ob2');
    }
  } finally {
    server.close();
  }
});

test('signed OB 2.0 badges (RS256) baked by the PyPI baker verify with the published key; listed ones are revoked', async () => {
  const routes = new Map();
  const {server, base} = await serve(routes);
  try {
    documents(base, routes, {revocationList: true});
    const {publicKey, privateKey} = generateKeyPairSync('rsa', {modulusLength: 2048});
    routes.set('/key.json', {body: {
      '@context': OB2, type: 'CryptographicKey', id: `${base}/key.json`, owner: `${base}/issuer.json`,
      publicKeyPem: publicKey.export({type: 'spki', format: 'pem'}),
    }});
    routes.set('/revocations.json', {body: {
      '@context': OB2, type: 'RevocationList', id: `${base}/revocations.json`, issuer: `${base}/issuer.json`,
      revokedAssertions: [{id: `${base}/s2.json`, revocationReason: 'Issued in error'}],
    }});
    const b64 = (x) => Buffer.from(x).toString('base64url');
    const dir = tempDir();
    for (const [path, expected] of [['/s1.json', 'verified'], ['/s2.json', 'invalid']]) {
      const doc = assertion(base, path, {type: 'SignedBadge', creator: `${base}/key.json`});
      const input = `${b64(JSON.stringify({alg: 'RS256'}))}.${b64(JSON.stringify(doc))}`;
      const jws = `${input}.${b64(sign('sha256', Buffer.from(input), privateKey))}`;
      const {status, report} = await kilnVerify(pyBake(dir, jws));
      assert.equal(report.verdict, expected, `${path}: ${JSON.stringify(report.checks)}`);
      assert.equal(status, expected === 'verified' ? 0 : 1);
    }
    // A flipped signature byte is never verified.
    const doc = assertion(base, '/s1.json', {type: 'SignedBadge', creator: `${base}/key.json`});
    const input = `${b64(JSON.stringify({alg: 'RS256'}))}.${b64(JSON.stringify(doc))}`;
    const sig = sign('sha256', Buffer.from(input), privateKey);
    sig[10] ^= 1;
    const {report} = await kilnVerify(pyBake(dir, `${input}.${b64(sig)}`));
    assert.equal(report.verdict, 'invalid', JSON.stringify(report.checks));
  } finally {
    server.close();
  }
});
