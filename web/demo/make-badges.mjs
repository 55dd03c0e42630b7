// Makes the demo badges (valid PNG and SVG, tampered, expired) with the
// issuer module in Node, from the committed templates beside this file.
// Called by web/build.mjs; the tests call makeBadgeSet() for their fixtures.
import { readFileSync } from "node:fs";
import * as issuer from "../lib/issuer.js";
import { buildCredential } from "../lib/credential.js";

const here = (name) => new URL(name, import.meta.url);

/** Loads the issuer module from web/pkg/issuer/ (Node cannot fetch file: URLs). */
export async function loadIssuer() {
  await issuer.load(readFileSync(here("../pkg/issuer/kiln_wasm_bg.wasm")));
  return issuer;
}

/**
 * Signs and bakes a set of badges into the given PNG and SVG artwork.
 * @returns {Promise<{ key: object, files: Record<string, Uint8Array>, credentials: Record<string, object> }>}
 */
/** The demo badges' fields (the issuer page's form), without the issuer's id. */
export const DEMO_FIELDS = Object.freeze({
  issuerName: "Kiln Demo Academy",
  issuerUrl: "https://example.org/",
  achievementName: "Kiln Glaze Chemistry",
  achievementDescription: "Mixed, fired and documented three glazes.",
  criteria: "Fire three test tiles at cone 6 and write down the recipe of each.",
  recipientName: "Ada Potter",
  recipientEmail: "ada@example.org",
  validFrom: "2024-01-01T00:00:00Z",
});

export async function makeBadgeSet({ png, svg, suite = "eddsa-rdfc-2022" }) {
  await loadIssuer();
  const key = await issuer.generateKey();
  const fields = { issuerId: key.controller, ...DEMO_FIELDS };
  const valid = await issuer.signCredential(await buildCredential(fields), key, { suite, created: "2024-01-01T00:00:00Z" });
  const tampered = structuredClone(valid);
  tampered.credentialSubject.achievement.name = "Kiln Master Potter";
  tampered.name = "Kiln Master Potter";
  const expired = await issuer.signCredential(
    await buildCredential({ ...fields, achievementName: "Kiln Safety 2020", validFrom: "2020-01-01T00:00:00Z", validUntil: "2021-01-01T00:00:00Z" }),
    key,
    { suite, created: "2020-01-01T00:00:00Z" },
  );
  const files = {
    "valid.png": await issuer.bakeBadge(png, valid),
    "valid.svg": await issuer.bakeBadge(svg, valid),
    "tampered.png": await issuer.bakeBadge(png, tampered),
    "expired.svg": await issuer.bakeBadge(svg, expired),
    // The demo page's widgets are configured with this trust list (trust-list attribute).
    "trust.json": new TextEncoder().encode(JSON.stringify({
      name: "Kiln demo trust list",
      issuers: [{ id: key.controller, name: "Kiln Demo Academy" }],
    }, null, 2) + "\n"),
  };
  return { key, files, credentials: { valid, tampered, expired } };
}

/** The demo page's badges, baked into the committed demo templates. */
export async function makeDemoBadges() {
  const { files } = await makeBadgeSet({
    png: new Uint8Array(readFileSync(here("template.png"))),
    svg: new Uint8Array(readFileSync(here("template.svg"))),
  });
  return files;
}
