// CLR 2.0 records, endorsed badges and portfolios for the browser tests and
// the bench, signed in the test with the kiln CLI (target/debug/kiln,
// CARGO_TARGET_DIR honoured, or KILN_BIN): `cargo build -p kiln-cli` first.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, FIXTURES } from "./helpers.mjs";

export const KILN = process.env.KILN_BIN ?? join(process.env.CARGO_TARGET_DIR ?? join(ROOT, "target"), "debug", "kiln");
export const LEARNER = "did:example:learner-7";
const CONTEXT = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"];

/** Runs kiln and returns its standard output; throws with its stderr when it fails. */
export function kiln(...args) {
  if (!existsSync(KILN)) throw new Error(`${KILN} is missing: build it with cargo build -p kiln-cli (or set KILN_BIN)`);
  const r = spawnSync(KILN, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`cannot run ${KILN}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`kiln ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** A new key file in `dir`. */
export function keygen(dir, name) {
  const path = join(dir, name);
  kiln("keygen", "-o", path);
  return path;
}

/** Signs `doc` with `key` in `suite`; returns the signed JSON (an object). */
export function sign(dir, key, name, doc, suite = "eddsa-jcs-2022") {
  const input = join(dir, `${name}.unsigned.json`);
  writeFileSync(input, JSON.stringify(doc));
  return JSON.parse(kiln("sign", "--key", key, "--suite", suite, input));
}

/** An unsigned course credential `n` for `learner`, issued by `college`. */
export function course(n, college, learner = LEARNER) {
  return {
    "@context": CONTEXT,
    id: `urn:uuid:00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    name: `Course ${n} certificate`,
    issuer: { id: "did:example:replaced", type: ["Profile"], name: college },
    validFrom: "2025-01-01T00:00:00Z",
    credentialSubject: {
      id: learner,
      type: ["AchievementSubject"],
      achievement: {
        id: `https://example.edu/achievements/course-${n}`,
        type: ["Achievement"],
        name: `Course ${n}`,
        description: `Passed course ${n}.`,
        criteria: { id: `https://example.edu/achievements/course-${n}/criteria`, narrative: "Pass the exam." },
      },
    },
  };
}

/**
 * Signed course credentials 1..count in `dir` as files, alternating two
 * issuers and suites: odd by `keys[0]` (College A, eddsa-rdfc-2022), even
 * by `keys[1]` (College B, eddsa-jcs-2022). `change(n, signed)` may change
 * a signed one before it is written. Returns the file paths.
 */
export function courses(dir, keys, count, change = () => {}) {
  const paths = [];
  for (let n = 1; n <= count; n++) {
    const odd = n % 2 === 1;
    const signed = sign(dir, odd ? keys[0] : keys[1], `course-${n}`, course(n, odd ? "College A" : "College B"), odd ? "eddsa-rdfc-2022" : "eddsa-jcs-2022");
    change(n, signed);
    const path = join(dir, `course-${n}.json`);
    writeFileSync(path, JSON.stringify(signed));
    paths.push(path);
  }
  return paths;
}

/** `kiln clr` over `files` with `associations` ([{ source, relation, target }]), signed with `key`; returns the record's JSON text. */
export function clr(dir, key, files, associations = [], name = "Transcript") {
  const assoc = join(dir, "associations.json");
  writeFileSync(assoc, JSON.stringify(associations));
  const out = join(dir, `clr-${Math.random().toString(36).slice(2)}.json`);
  kiln("clr", "--key", key, "--learner", LEARNER, "--name", name, "--associations", assoc, "-o", out, ...files);
  return readFileSync(out, "utf8");
}

/** `text` (a signed credential) baked into the plain PNG fixture; returns the PNG bytes. */
export function bakePng(dir, text, name) {
  const cred = join(dir, `${name}.json`);
  writeFileSync(cred, text);
  const out = join(dir, `${name}.png`);
  kiln("bake", "--credential", cred, join(FIXTURES, "plain.png"), "-o", out);
  return new Uint8Array(readFileSync(out));
}

/** The achievement id of course `n`. */
export const achievement = (n) => `https://example.edu/achievements/course-${n}`;

/** An unsigned EndorsementCredential `n` by `name` about course 1. */
export function endorsement(n, name, comment) {
  return {
    "@context": CONTEXT,
    id: `urn:uuid:0000000e-0000-4000-8000-${String(n).padStart(12, "0")}`,
    type: ["VerifiableCredential", "EndorsementCredential"],
    name: `Endorsement ${n}`,
    issuer: { id: "did:example:replaced", type: ["Profile"], name },
    validFrom: "2025-01-01T00:00:00Z",
    credentialSubject: { id: achievement(1), type: ["EndorsementSubject"], endorsementComment: comment },
  };
}
