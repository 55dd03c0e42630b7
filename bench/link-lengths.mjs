#!/usr/bin/env node
// How long verification links are (web/lib/link.js, the same format as
// `kiln link`): for a badge made from each of Kiln's templates
// (crates/kiln-render/templates) with each signing suite the issuer page
// offers, and for every credential in the test data (tests/fixtures/**:
// JSON, JWT, baked PNG and SVG). Prints each link's length, then min /
// median / max per group, and how many are over the shareable threshold
// (SHAREABLE_LINK_CHARS).
//
//   node web/build.mjs && node bench/link-lengths.mjs [--base URL]
//
// The template badges carry the demo page's fields (web/demo/make-badges.mjs):
// issuer name and web site, achievement name, description and criteria,
// recipient name and hashed email, validFrom. The link holds the credential,
// never the picture, so the template changes the link only through the values
// it puts in the credential (none beyond those fields).
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { DEMO_FIELDS } from "../web/demo/make-badges.mjs";
import { buildCredential } from "../web/lib/credential.js";
import * as issuer from "../web/lib/issuer.js";
import { DEFAULT_BASE, SHAREABLE_LINK_CHARS, makeLink } from "../web/lib/link.js";
import * as verifier from "../web/lib/verifier.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const at = args.indexOf("--base");
const base = at >= 0 ? args[at + 1] : DEFAULT_BASE;

await issuer.load(readFileSync(join(ROOT, "web/pkg/issuer/kiln_wasm_bg.wasm")));
await verifier.load(readFileSync(join(ROOT, "web/pkg/verifier/kiln_wasm_bg.wasm")));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : Math.round((s[m - 1] + s[m]) / 2);
};
function summary(name, rows) {
  const n = rows.map((r) => r.chars);
  const over = rows.filter((r) => r.chars > SHAREABLE_LINK_CHARS).length;
  console.log(`${name}: ${rows.length} links, min ${Math.min(...n)}, median ${median(n)}, max ${Math.max(...n)} characters; ${over} over ${SHAREABLE_LINK_CHARS}`);
}

// ---- Template badges ----
const SUITES = [
  ["eddsa-rdfc-2022", "ed25519"],
  ["eddsa-jcs-2022", "ed25519"],
  ["ecdsa-rdfc-2019", "p256"],
  ["ecdsa-jcs-2019", "p256"],
];
const templates = readdirSync(join(ROOT, "crates/kiln-render/templates")).filter((f) => f.endsWith(".svg")).sort();
const keys = {};
const templateRows = [];
console.log(`Links at ${base} (${base.length} characters of base)\n\nTemplate badges (demo fields, baked PNG):`);
for (const template of templates) {
  const svg = readFileSync(join(ROOT, "crates/kiln-render/templates", template), "utf8");
  for (const [suite, type] of SUITES) {
    keys[type] ??= await issuer.generateKey({ type });
    const key = keys[type];
    const fields = { issuerId: key.controller, ...DEMO_FIELDS };
    const credential = await buildCredential(fields);
    const values = {
      "recipient.name": fields.recipientName,
      "achievement.name": fields.achievementName,
      "achievement.description": fields.achievementDescription,
      "issuer.name": fields.issuerName,
      date: "2024-01-01",
    };
    const placeholders = new Set(await issuer.templatePlaceholders(svg));
    const { png } = await issuer.renderTemplate(svg, Object.fromEntries(Object.entries(values).filter(([k]) => placeholders.has(k))));
    const signed = await issuer.signCredential(credential, key, { suite, created: fields.validFrom });
    const baked = await issuer.bakeBadge(png, signed);
    const payload = verifier.extractCredential(baked);
    const link = await makeLink(payload, base);
    templateRows.push({ name: `${template} ${suite}`, chars: link.length });
    console.log(`  ${template.padEnd(12)} ${suite.padEnd(16)} ${String(link.length).padStart(5)} characters (credential ${payload.length} bytes)`);
  }
}

// ---- The test data's credentials ----
function* files(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else yield p;
  }
}
const fixtureRows = [];
console.log("\nTest data (tests/fixtures/**, every file holding a credential):");
for (const path of files(join(ROOT, "tests/fixtures"))) {
  if (!/\.(json|jsonld|jwt|jws|png|svg)$/.test(path)) continue;
  const bytes = new Uint8Array(readFileSync(path));
  let payload;
  try {
    payload = /\.(png|svg)$/.test(path) ? verifier.extractCredential(bytes) : new TextDecoder().decode(bytes);
    const doc = payload.trim().startsWith("{") ? JSON.parse(payload) : null;
    // Credentials only: a VC or an OB 2.0 assertion, or a JWS; not keys, lists, contexts or manifests.
    if (doc !== null && !("credentialSubject" in doc || "recipient" in doc || "badge" in doc)) continue;
    if (doc === null && !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(payload.trim())) continue;
  } catch {
    continue; // no credential in it (a plain picture, a broken file)
  }
  let link;
  try {
    link = await makeLink(payload, base);
  } catch {
    continue;
  }
  fixtureRows.push({ name: relative(ROOT, path), chars: link.length });
  console.log(`  ${relative(ROOT, path).padEnd(64)} ${String(link.length).padStart(5)}`);
}

console.log("");
summary("Template badges", templateRows);
for (const [suite] of SUITES) summary(`  ${suite}`, templateRows.filter((r) => r.name.endsWith(` ${suite}`)));
summary("Test data", fixtureRows);
