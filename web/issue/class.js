// Issuing a whole class: one badge per CSV row, the same job as the CLI's
// `kiln issue`. The rules (the rows, the file names, the credential of each
// row, the template values) are kiln-core's, through the issuer module;
// this file fills the template, signs, bakes and packs one ZIP with
// manifest.csv. Runs in the browser (the issuer page) and in Node; nothing
// here touches the network.
import * as issuer from "../lib/issuer.js";
import { csvLine } from "../lib/csv.js";
import { makeZip } from "../lib/zip.js";

/**
 * Issues one badge per row and packs them with manifest.csv into a ZIP.
 * A row that fails (a bad CSV row, a template value missing, ...) is listed
 * with its reason while the others go on.
 * @param {{
 *   key: object, suite?: string, fields: { issuerName: string, issuerUrl?: string,
 *     achievementName: string, achievementDescription: string, criteria: string },
 *   design: { template: string } | { image: Uint8Array },
 *   format?: "png" | "svg", width?: number, fonts?: import("../lib/issuer.d.ts").LoadedFonts,
 *   rows: import("../lib/issuer.d.ts").RecipientRow[],
 *   now?: Date, onProgress?: (done: number, total: number, result: object) => void | Promise<void>,
 *   status?: { url: string, first: number },
 * }} job `status`: each badge issued gets the next entry of the status list
 *   at `url`, from `first` on (consecutive; a row that fails takes none)
 * @returns {Promise<{ zip: Uint8Array, manifest: string, results: Array<{ number: number, file?: string, id?: string, statusIndex?: number, status: string, warnings?: string[] }>, issued: number, failed: number }>}
 */
export async function issueClass(job) {
  const format = job.format ?? "png";
  if (format !== "png" && format !== "svg") throw new TypeError(`issueClass: format must be png or svg, not ${format}`);
  const now = job.now ?? new Date();
  const template = "template" in job.design ? job.design.template : null;
  const placeholders = template === null ? [] : await issuer.templatePlaceholders(template);
  if (template === null && format === "svg" && job.design.image[0] === 0x89) throw new TypeError("issueClass: a PNG design cannot give SVG badges");
  // One achievement for the whole class: its id is drawn once.
  const { credential: first } = await issuer.buildCredential({ ...job.fields, issuerId: job.key.controller, now });
  const shared = { ...job.fields, issuerId: job.key.controller, achievementId: first.credentialSubject.achievement.id, now, placeholders };
  const files = [];
  const results = [];
  let done = 0;
  let nextIndex = job.status?.first ?? 0;
  for (const row of job.rows) {
    let result;
    try {
      if ("error" in row) throw new Error(row.error);
      const file = `${row.slug}.${format}`;
      const { credential: built, values } = await issuer.buildCredential({ ...shared, recipient: row });
      const statusIndex = job.status ? nextIndex : undefined;
      const unsigned = job.status ? await issuer.addStatus(built, { url: job.status.url, index: statusIndex }) : built;
      let image;
      let warnings = [];
      if (template !== null) {
        if (format === "png") {
          ({ png: image, warnings } = await issuer.renderTemplate(template, values, { width: job.width ?? 512, fonts: job.fonts }));
        } else {
          image = new TextEncoder().encode(await issuer.fillTemplate(template, values));
        }
      } else {
        image = job.design.image;
      }
      const signed = await issuer.signCredential(unsigned, job.key, { suite: job.suite ?? "eddsa-rdfc-2022", created: unsigned.validFrom });
      const baked = await issuer.bakeBadge(image, signed);
      files.push({ name: file, data: baked });
      result = { number: row.number, file, id: unsigned.id, status: "issued", warnings };
      if (job.status) {
        result.statusIndex = statusIndex;
        nextIndex++;
      }
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
