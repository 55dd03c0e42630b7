// Issuing a whole class: one badge per CSV row, the same job as the CLI's
// `kiln issue` (fill the template, render, build the credential with a fresh
// urn:uuid id, the subject's name and the email as a salted SHA-256
// IdentityObject, sign, bake), then one ZIP with manifest.csv. Runs in the
// browser (the issuer page) and in Node; nothing here touches the network.
import * as issuer from "../lib/issuer.js";
import { CONTEXTS, hashIdentity, newSalt } from "../lib/credential.js";
import { csvLine, slug } from "../lib/csv.js";
import { makeZip } from "../lib/zip.js";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** A date for people, in UTC, as the CLI writes `{{date}}`: `3 March 2025`. */
export function humanDate(date) {
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/**
 * The values of a template's placeholders for one recipient: only those the
 * template uses (so a column the template does not use is no error).
 * @param {string[]} placeholders
 * @param {{ issuerName: string, achievementName: string, achievementDescription: string, date: string }} f
 * @param {{ name: string, email?: string, custom?: Record<string, string> }} recipient
 */
export function templateValues(placeholders, f, recipient) {
  const all = {
    "recipient.name": recipient.name,
    "recipient.email": recipient.email ?? "",
    "achievement.name": f.achievementName,
    "achievement.description": f.achievementDescription,
    "issuer.name": f.issuerName,
    date: f.date,
    ...(recipient.custom ?? {}),
  };
  const values = {};
  for (const p of placeholders) if (p in all) values[p] = all[p];
  return values;
}

/**
 * The unsigned credential for one recipient, in the shape `kiln issue` makes:
 * the subject carries `name`, and the email (when given) only as a salted
 * SHA-256 IdentityObject.
 * @param {{ issuerId: string, issuerName: string, issuerUrl?: string, achievementId: string,
 *   achievementName: string, achievementDescription: string, criteria: string, validFrom: string }} f
 * @param {{ name: string, email?: string }} recipient
 */
export async function classCredential(f, recipient) {
  const issuerProfile = { id: f.issuerId, type: ["Profile"], name: f.issuerName };
  if (f.issuerUrl) issuerProfile.url = f.issuerUrl;
  const subject = {
    type: ["AchievementSubject"],
    achievement: {
      id: f.achievementId,
      type: ["Achievement"],
      name: f.achievementName,
      description: f.achievementDescription,
      criteria: { narrative: f.criteria },
    },
    name: recipient.name,
  };
  if (recipient.email) {
    const salt = newSalt();
    subject.identifier = [{
      type: "IdentityObject",
      identityHash: await hashIdentity(recipient.email, salt),
      identityType: "emailAddress",
      hashed: true,
      salt,
    }];
  }
  return {
    "@context": CONTEXTS,
    id: `urn:uuid:${globalThis.crypto.randomUUID()}`,
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    issuer: issuerProfile,
    name: f.achievementName,
    validFrom: f.validFrom,
    credentialSubject: subject,
  };
}

/**
 * Issues one badge per row and packs them with manifest.csv into a ZIP.
 * A row that fails (a bad CSV row, a template value missing, ...) is listed
 * with its reason while the others go on.
 * @param {{
 *   key: object, suite?: string, fields: { issuerName: string, issuerUrl?: string,
 *     achievementName: string, achievementDescription: string, criteria: string },
 *   design: { template: string } | { image: Uint8Array },
 *   format?: "png" | "svg", width?: number,
 *   rows: Array<{ number: number, name: string, email?: string, custom: Record<string, string> } | { number: number, error: string }>,
 *   now?: Date, onProgress?: (done: number, total: number, result: object) => void | Promise<void>,
 * }} job
 * @returns {Promise<{ zip: Uint8Array, manifest: string, results: Array<{ number: number, file?: string, id?: string, status: string, warnings?: string[] }>, issued: number, failed: number }>}
 */
export async function issueClass(job) {
  const format = job.format ?? "png";
  if (format !== "png" && format !== "svg") throw new TypeError(`issueClass: format must be png or svg, not ${format}`);
  const now = job.now ?? new Date();
  const validFrom = issuer.rfc3339(now);
  const fields = { ...job.fields, issuerId: job.key.controller, validFrom, date: humanDate(now), achievementId: `urn:uuid:${globalThis.crypto.randomUUID()}` };
  const template = "template" in job.design ? job.design.template : null;
  const placeholders = template === null ? [] : await issuer.templatePlaceholders(template);
  if (template === null && format === "svg" && job.design.image[0] === 0x89) throw new TypeError("issueClass: a PNG design cannot give SVG badges");
  const files = [];
  const results = [];
  let done = 0;
  for (const row of job.rows) {
    let result;
    try {
      if ("error" in row) throw new Error(row.error);
      const file = `${slug(row.number, row.name)}.${format}`;
      let image;
      let warnings = [];
      if (template !== null) {
        const values = templateValues(placeholders, fields, row);
        if (format === "png") {
          ({ png: image, warnings } = await issuer.renderTemplate(template, values, { width: job.width ?? 512 }));
        } else {
          image = new TextEncoder().encode(await issuer.fillTemplate(template, values));
        }
      } else {
        image = job.design.image;
      }
      const unsigned = await classCredential(fields, row);
      const signed = await issuer.signCredential(unsigned, job.key, { suite: job.suite ?? "eddsa-rdfc-2022", created: validFrom });
      const baked = await issuer.bakeBadge(image, signed);
      files.push({ name: file, data: baked });
      result = { number: row.number, file, id: unsigned.id, status: "issued", warnings };
    } catch (e) {
      result = { number: row.number, status: `failed: ${e.message}` };
    }
    results.push(result);
    done++;
    await job.onProgress?.(done, job.rows.length, result);
  }
  const manifest = ["row,file,credential_id,status", ...results.map((r) => csvLine([r.number, r.file ?? "", r.id ?? "", r.status]))].join("\n") + "\n";
  files.push({ name: "manifest.csv", data: manifest });
  const issued = results.filter((r) => r.status === "issued").length;
  return { zip: makeZip(files, { date: now }), manifest, results, issued, failed: results.length - issued };
}
