// The issuer page: key, credential, design (a template rendered in the page,
// with a live preview), signature, baking and an immediate check, for one
// badge or a whole class from a CSV (one ZIP), all in this browser. Both
// modules, the plain artwork and the shipped templates are loaded when the
// page opens, so issuing makes no request at all. Uploaded SVG is only ever
// shown through <img> from a blob URL; text from files goes in via textContent.
import * as issuer from "../lib/issuer.js";
import * as verifier from "../lib/verifier.js";
import { announcement, renderReport, translatorOf } from "../lib/report-view.js";
import { startPageLanguage } from "../lib/i18n.js";
import { shareBox } from "../lib/share-view.js";
import { offerPrint } from "../verify/print.js";
import { imageKind } from "../lib/sniff.js";
import { issueClass } from "./class.js";
import { setupClr } from "./clr.js";
import { setupIdentity } from "./identity.js";
import { setupRevocation } from "./revocation.js";
import { isEncryptedKeyFile, setupKeyFile } from "./key-file.js";

const $ = (id) => document.getElementById(id);
// The page in the reader's language (lib/i18n.js); the messages of identity.js,
// revocation.js, key-file.js and clr.js are in English.
const language = startPageLanguage({ onChange: () => renderPreview() }).catch(() => null);
// The page's language set or changed: the lines this script wrote, in it.
document.addEventListener("kiln-language", () => {
  showSuite();
  if (key === null) $("key-status").textContent = t("issue.msg.no-key-yet");
  if (userFonts === null) $("font-status").textContent = t("issue.msg.fonts-none");
});
const t = (key, params) => translatorOf().t(key, params);
const announce = (text) => ($("announce").textContent = text);
let key = null;
let keyUrl = null;
let badgeUrl = null;
let imageUrl = null;

const TEMPLATES = ["hexagon", "seal", "ribbon"];
const load = (path, what, as) =>
  fetch(new URL(path, import.meta.url)).then((r) => {
    if (!r.ok) throw new Error(`${what} could not be loaded (HTTP ${r.status})`);
    return r[as]();
  });

const ready = Promise.all([
  issuer.load(),
  verifier.prepare(), // the worker that checks each new badge, started before anything is issued
  load("../demo/template.svg", "the plain design", "arrayBuffer"),
  ...TEMPLATES.map((name) => load(`../pkg/templates/${name}.svg`, `the ${name} template`, "text")),
]).then(([, , plain, ...texts]) => ({ plain: new Uint8Array(plain), templates: Object.fromEntries(TEMPLATES.map((n, i) => [n, texts[i]])) }));

function showError(message) {
  const box = $("issue-error");
  box.textContent = message;
  box.hidden = false;
  announce(message);
}

function setKey(k, how) {
  key = k;
  if (keyUrl) URL.revokeObjectURL(keyUrl);
  keyUrl = URL.createObjectURL(new Blob([JSON.stringify(k, null, 2) + "\n"], { type: "application/json" }));
  const link = $("key-download");
  link.href = keyUrl;
  link.hidden = false;
  $("key-status").textContent = t("issue.msg.key-status", { how, id: k.controller });
  announce(t("issue.msg.key-ready", { how }));
  showSuite();
  document.dispatchEvent(new CustomEvent("kiln-key", { detail: k }));
}

$("generate-key").addEventListener("click", async () => {
  $("issue-error").hidden = true;
  try {
    await ready;
    const type = $("key-type").value;
    setKey(await issuer.generateKey({ type }), t("issue.msg.key-made", { type: KEY_NAMES[type] }));
  } catch (e) {
    showError(t("issue.msg.no-key", { reason: e.message }));
  }
});

// ---- Suites and the key type each needs ----

const KEY_NAMES = { ed25519: "Ed25519", p256: "P-256", p384: "P-384" };
const SUITES = {
  // help: the catalog key of each suite's explanation (ui.<lang>.json).
  "eddsa-rdfc-2022": { key: "ed25519", help: "issue.msg.suite-eddsa-rdfc-2022" },
  "eddsa-jcs-2022": { key: "ed25519", help: "issue.msg.suite-eddsa-jcs-2022" },
  "ecdsa-rdfc-2019": { key: "p256", also: ["p384"], help: "issue.msg.suite-ecdsa-rdfc-2019" },
  "ecdsa-sd-2023": { key: "p256", help: "issue.msg.suite-ecdsa-sd-2023" },
};

/** The key type of a key file, from its Multikey prefix: ed25519, p256, p384 or null. */
function keyType(k) {
  const mb = typeof k?.publicKeyMultibase === "string" ? k.publicKeyMultibase : "";
  if (mb.startsWith("z6Mk")) return "ed25519";
  if (mb.startsWith("zDn")) return "p256";
  if (mb.startsWith("z82")) return "p384";
  return null;
}

/** Why the current key cannot sign with the chosen suite, or null when it can. */
function keyMismatch() {
  const suite = $("suite").value;
  const want = SUITES[suite]?.key;
  const have = keyType(key);
  if (!key || !want || have === want || SUITES[suite].also?.includes(have)) return null;
  return KEY_NAMES[have]
    ? t("issue.msg.mismatch", { suite, want: KEY_NAMES[want], have: KEY_NAMES[have] })
    : t("issue.msg.mismatch-other", { suite, want: KEY_NAMES[want] });
}

function showSuite() {
  const suite = $("suite").value;
  $("suite-help").textContent = SUITES[suite] ? t(SUITES[suite].help) : "";
  // Without a key yet, the key to generate follows the suite.
  if (!key && SUITES[suite]) $("key-type").value = SUITES[suite].key;
  const mismatch = keyMismatch();
  $("suite-key").textContent = mismatch ? t("issue.msg.note", { note: mismatch }) : "";
  $("suite-key").hidden = !mismatch;
}
$("suite").addEventListener("change", showSuite);
showSuite();

$("key-file").addEventListener("change", async () => {
  const file = $("key-file").files?.[0];
  if (!file) return;
  $("issue-error").hidden = true;
  try {
    await ready;
    let text = await file.text();
    if (isEncryptedKeyFile(text)) text = await keyFile.unlock(text, file.name);
    setKey(await issuer.importKey(text), t("issue.msg.key-read", { file: file.name }));
  } catch (e) {
    showError(t("issue.msg.key-unusable", { reason: e.message }));
  }
});

const value = (id) => $(id).value.trim();

// ---- Design: which artwork, and the live preview ----

let ownTemplate = null; // { name, text }
let userFonts = null; // what issuer.loadFonts gave: { fonts, families }
let finishedImage = null; // { name, bytes, kind }

const designChoice = () => document.querySelector("input[name='design']:checked")?.value ?? "hexagon";
const choose = (v) => {
  const radio = document.querySelector(`input[name='design'][value='${v}']`);
  if (radio) radio.checked = true;
};

/** The chosen design: `{ template }` (SVG text with placeholders) or `{ image, kind }`. */
async function currentDesign() {
  const { plain, templates } = await ready;
  const choice = designChoice();
  if (TEMPLATES.includes(choice)) return { template: templates[choice], name: choice };
  if (choice === "plain") return { image: plain, kind: "svg", name: "plain" };
  if (choice === "own-template") {
    if (!ownTemplate) throw new Error(t("issue.msg.need-template"));
    return { template: ownTemplate.text, name: ownTemplate.name };
  }
  if (!finishedImage) throw new Error(t("issue.msg.need-image"));
  return { image: finishedImage.bytes, kind: finishedImage.kind, name: finishedImage.name };
}

/** The form's fields; `strict` requires the ones a credential needs. */
function formFields(strict) {
  if (strict) {
    for (const id of ["issuer-name", "achievement-name", "achievement-description", "achievement-criteria"]) {
      if (value(id) === "") {
        $(id).focus();
        throw new Error(t(`issue.msg.fill-${id}`));
      }
    }
  }
  return {
    issuerName: value("issuer-name"),
    issuerUrl: value("issuer-url") || undefined,
    achievementName: value("achievement-name"),
    achievementDescription: value("achievement-description"),
    criteria: value("achievement-criteria"),
  };
}

/** The first good row of the class CSV, for the preview; null when there is none. */
async function firstClassRow() {
  try {
    return (await issuer.parseRecipients($("class-csv").value)).rows.find((r) => !("error" in r)) ?? null;
  } catch {
    return null;
  }
}

let previewUrl = null;
let previewRun = 0;
let previewTimer = null;

function showPreview(blob, status, warnings) {
  const img = $("preview");
  if (previewUrl) URL.revokeObjectURL(previewUrl);
  previewUrl = blob ? URL.createObjectURL(blob) : null;
  if (previewUrl) img.src = previewUrl;
  else img.removeAttribute("src");
  img.hidden = !previewUrl;
  $("preview-status").textContent = status;
  const list = $("preview-warnings");
  list.replaceChildren(...warnings.map((w) => Object.assign(document.createElement("li"), { textContent: withFontHint(w) })));
  list.hidden = warnings.length === 0;
}

/** A missing-glyph warning, with where on this page the fix is. */
function withFontHint(warning) {
  const missing = /^no font has the glyphs for: (.*?)(?: \(add a font that has them: --font FILE\))?$/.exec(warning);
  return missing
    ? t("issue.msg.no-glyphs", { chars: missing[1] })
    : warning;
}

async function renderPreview() {
  const run = ++previewRun;
  try {
    const design = await currentDesign();
    if (run !== previewRun) return;
    if ("image" in design) {
      const type = design.kind === "png" ? "image/png" : "image/svg+xml";
      showPreview(new Blob([design.image], { type }), design.name === "plain" ? t("issue.msg.preview-plain") : t("issue.msg.preview-image", { name: design.name }), []);
      $("preview").alt = t("issue.msg.preview-image-alt");
      delete $("preview").dataset.rendered;
      return;
    }
    const placeholders = await issuer.templatePlaceholders(design.template);
    const f = formFields(false);
    const row = await firstClassRow();
    const sample = {
      name: value("recipient-name") || row?.name || "Recipient Name",
      email: value("recipient-email") || row?.email,
      custom: Object.fromEntries(placeholders.filter((p) => p.startsWith("custom.")).map((p) => [p, row?.custom?.[p] ?? p.slice(7)])),
    };
    // The values the badge would get, by the issuance rules; a sample address
    // that is not valid (yet) is left out of the preview.
    const build = (recipient) => issuer.buildCredential({
      issuerId: key?.controller ?? "did:key:preview",
      issuerName: f.issuerName || "Issuer Name",
      achievementName: f.achievementName || "Achievement Name",
      achievementDescription: f.achievementDescription || "What the achievement is.",
      criteria: f.criteria || "What earning it takes.",
      recipient,
      now: Date.now(),
      placeholders,
    });
    const { values } = await build(sample).catch(() => build({ ...sample, email: undefined }));
    const { png, warnings } = await issuer.renderTemplate(design.template, values, { width: 512, fonts: userFonts ?? undefined });
    if (run !== previewRun) return;
    const designName = TEMPLATES.includes(design.name) ? t(`issue.choice-${design.name}`) : design.name;
    showPreview(new Blob([png], { type: "image/png" }), t("issue.msg.preview-filled", { design: designName, name: sample.name }), warnings);
    $("preview").alt = t("issue.msg.preview-alt", { name: sample.name });
    $("preview").dataset.rendered = String(run);
  } catch (e) {
    if (run !== previewRun) return;
    showPreview(null, t("issue.msg.no-preview", { reason: e.message }), []);
  }
}

/** Re-renders the preview shortly after the last change. */
function schedulePreview() {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(renderPreview, 150);
}

for (const id of ["issuer-name", "achievement-name", "achievement-description", "recipient-name", "recipient-email", "class-csv"]) {
  $(id).addEventListener("input", schedulePreview);
}
for (const radio of document.querySelectorAll("input[name='design']")) radio.addEventListener("change", schedulePreview);

$("template-file").addEventListener("change", async () => {
  const file = $("template-file").files?.[0];
  if (!file) return;
  ownTemplate = { name: file.name, text: await file.text() };
  choose("own-template");
  schedulePreview();
});

$("font-files").addEventListener("change", async () => {
  const files = [...($("font-files").files ?? [])];
  const status = $("font-status");
  try {
    await ready;
    const loaded = files.length === 0 ? null : await issuer.loadFonts(await Promise.all(files.map(async (f) => ({ name: f.name, data: new Uint8Array(await f.arrayBuffer()) }))));
    userFonts?.fonts.free();
    userFonts = loaded;
    status.textContent = loaded === null
      ? t("issue.msg.fonts-none")
      : t(files.length === 1 ? "issue.msg.fonts-one" : "issue.msg.fonts", { families: loaded.families.join(", "), count: files.length });
    status.dataset.families = loaded === null ? "" : loaded.families.join("\n");
  } catch (e) {
    $("font-files").value = "";
    status.textContent = t("issue.msg.fonts-failed", { reason: e.message });
    showError(t("issue.msg.fonts-error", { reason: e.message }));
    return;
  }
  schedulePreview();
});

$("image-file").addEventListener("change", async () => {
  const file = $("image-file").files?.[0];
  if (!file) return;
  const bytes = new Uint8Array(await file.arrayBuffer());
  const kind = imageKind(bytes);
  if (!kind) {
    finishedImage = null;
    showError(t("issue.msg.png-or-svg"));
    return;
  }
  finishedImage = { name: file.name, bytes, kind };
  choose("image");
  schedulePreview();
});

/** The badge image for one recipient, in the chosen format: `{ image, kind, warnings }`. */
async function designFor(design, format, values) {
  if ("image" in design) {
    if (format === "svg" && design.kind !== "svg") throw new Error(t("issue.msg.png-design"));
    return { image: design.image, kind: design.kind, warnings: [] };
  }
  if (format === "svg") return { image: new TextEncoder().encode(await issuer.fillTemplate(design.template, values)), kind: "svg", warnings: [] };
  const { png, warnings } = await issuer.renderTemplate(design.template, values, { width: 512, fonts: userFonts ?? undefined });
  return { image: png, kind: "png", warnings };
}

$("issue-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("issue-error").hidden = true;
  try {
    await ready;
    if (!key) throw new Error(t("issue.msg.key-first"));
    if (keyMismatch()) throw new Error(keyMismatch());
    const f = formFields(true);
    const design = await currentDesign();
    const placeholders = "template" in design ? await issuer.templatePlaceholders(design.template) : [];
    const { credential: built, values } = await issuer.buildCredential({
      ...f,
      issuerId: key.controller,
      recipient: {
        name: value("recipient-name"),
        email: value("recipient-email") || undefined,
        custom: Object.fromEntries(placeholders.filter((p) => p.startsWith("custom.")).map((p) => [p, ""])),
      },
      now: Date.now(),
      placeholders,
    });
    const { image, kind } = await designFor(design, $("format").value, values);
    const slot = await revocation.reserve(1);
    const unsigned = slot ? await issuer.addStatus(built, { url: slot.url, index: slot.first }) : built;
    const suite = $("suite").value;
    const signed = await issuer.signCredential(unsigned, key, { suite, created: unsigned.validFrom });
    const baked = await issuer.bakeBadge(image, signed);
    revocation.commit(slot, [{ recipient: value("recipient-name"), id: unsigned.id, index: slot?.first }]);
    const type = kind === "png" ? "image/png" : "image/svg+xml";
    if (badgeUrl) URL.revokeObjectURL(badgeUrl);
    badgeUrl = URL.createObjectURL(new Blob([baked], { type }));
    const link = $("badge-download");
    link.href = badgeUrl;
    link.download = `badge.${kind}`;
    link.textContent = suite === "ecdsa-sd-2023" ? t("issue.msg.download-base") : t("issue.badge-download");
    $("signed-json").textContent = JSON.stringify(signed, null, 2);
    $("issued").hidden = false;
    issuedBadge = suite === "ecdsa-sd-2023" ? { signed, image, kind, name: value("achievement-name") } : null;
    resetDerived();
    $("derive-step").hidden = issuedBadge === null;
    const report = await verifier.verifyBadge(baked, pinnedDocuments(slot !== null));
    if (imageUrl) URL.revokeObjectURL(imageUrl);
    imageUrl = URL.createObjectURL(new Blob([baked], { type }));
    renderReport($("result"), report, { imageUrl, imageAlt: t("issue.msg.new-badge-alt", { name: value("achievement-name") }) });
    // Its verification link, for the verify page beside this one (the site's root).
    const share = shareBox(report, { base: new URL("../", location.href).href, onlyVerified: true });
    if (share) $("result").append(share);
    // A printable certificate with the QR code of the same link.
    document.getElementById("certificate")?.remove();
    offerPrint($("result"), report, { imageUrl, base: new URL("../", location.href).href });
    announce(t("issue.msg.signed", { check: announcement(report) }));
    $("result").focus();
  } catch (e) {
    showError(t("issue.msg.not-made", { reason: e.message }));
  }
});

// ---- ecdsa-sd-2023: derive a badge for sharing from the holder's base proof ----

let issuedBadge = null; // { signed, image, kind, name } of the last ecdsa-sd-2023 badge
let sharedUrl = null;
let sharedImageUrl = null;

function resetDerived() {
  $("shared-download").hidden = true;
  $("shared-details").hidden = true;
  $("shared-json").textContent = "";
  $("shared-result").replaceChildren();
  delete $("shared-result").dataset.verdict;
}

/** JSON pointers to every member of the credential but its context and proof: disclose everything. */
const everything = (credential) =>
  Object.keys(credential).filter((k) => k !== "@context" && k !== "proof").map((k) => `/${k.replaceAll("~", "~0").replaceAll("/", "~1")}`);

$("derive").addEventListener("click", async () => {
  $("issue-error").hidden = true;
  try {
    if (!issuedBadge) throw new Error(t("issue.msg.sd-first"));
    resetDerived();
    const { signed, image, kind, name } = issuedBadge;
    const derived = await issuer.deriveCredential(signed, { reveal: everything(signed) });
    const baked = await issuer.bakeBadge(image, derived);
    const type = kind === "png" ? "image/png" : "image/svg+xml";
    if (sharedUrl) URL.revokeObjectURL(sharedUrl);
    sharedUrl = URL.createObjectURL(new Blob([baked], { type }));
    const link = $("shared-download");
    link.href = sharedUrl;
    link.download = `badge-shared.${kind}`;
    link.hidden = false;
    $("shared-json").textContent = JSON.stringify(derived, null, 2);
    $("shared-details").hidden = false;
    const report = await verifier.verifyBadge(baked);
    if (sharedImageUrl) URL.revokeObjectURL(sharedImageUrl);
    sharedImageUrl = URL.createObjectURL(new Blob([baked], { type }));
    renderReport($("shared-result"), report, { imageUrl: sharedImageUrl, imageAlt: t("issue.msg.shared-alt", { name }) });
    announce(t("issue.msg.derived", { check: announcement(report) }));
    $("shared-result").focus();
  } catch (e) {
    showError(t("issue.msg.not-derived", { reason: e.message }));
  }
});

// ---- Issue a class: one badge per CSV row, one ZIP ----

let zipUrl = null;

$("class-file").addEventListener("change", async () => {
  const file = $("class-file").files?.[0];
  if (!file) return;
  $("class-csv").value = await file.text();
  schedulePreview();
});

function classError(row, reason) {
  const list = $("class-errors");
  const item = document.createElement("li");
  item.textContent = t("issue.msg.row", { row: String(row), reason });
  list.append(item);
  list.hidden = false;
}

$("issue-class").addEventListener("click", async () => {
  $("issue-error").hidden = true;
  const status = $("class-status");
  const progress = $("class-progress");
  const button = $("issue-class");
  const link = $("class-download");
  delete status.dataset.done;
  $("class-errors").replaceChildren();
  $("class-errors").hidden = true;
  link.hidden = true;
  try {
    await ready;
    if (!key) throw new Error(t("issue.msg.key-first"));
    if (keyMismatch()) throw new Error(keyMismatch());
    const fields = formFields(true);
    const design = await currentDesign();
    const format = $("format").value;
    if ("image" in design && format === "svg" && design.kind !== "svg") throw new Error(t("issue.msg.png-design"));
    if ($("class-csv").value.trim() === "") {
      $("class-csv").focus();
      throw new Error(t("issue.msg.csv-first"));
    }
    const { rows } = await issuer.parseRecipients($("class-csv").value);
    if (rows.length === 0) throw new Error(t("issue.msg.csv-empty"));
    button.disabled = true;
    progress.hidden = false;
    progress.max = rows.length;
    progress.value = 0;
    status.textContent = t("issue.msg.issuing", { count: rows.length });
    const slot = await revocation.reserve(rows.length);
    const started = performance.now();
    const out = await issueClass({
      status: slot ?? undefined,
      key,
      suite: $("suite").value,
      fields,
      design: "template" in design ? { template: design.template } : { image: design.image },
      fonts: userFonts ?? undefined,
      format,
      rows,
      onProgress: async (done, total, result) => {
        progress.value = done;
        status.textContent = t("issue.msg.issued-progress", { done, total });
        if (result.status !== "issued") classError(result.number, result.status.replace(/^failed: /, ""));
        // Let the page paint between badges.
        await new Promise((resolve) => setTimeout(resolve, 0));
      },
    });
    const names = new Map(rows.map((r) => [r.number, r.name ?? ""]));
    revocation.commit(slot, out.results.filter((r) => r.statusIndex !== undefined).map((r) => ({ recipient: names.get(r.number), id: r.id, index: r.statusIndex })));
    const seconds = (performance.now() - started) / 1000;
    if (zipUrl) URL.revokeObjectURL(zipUrl);
    zipUrl = URL.createObjectURL(new Blob([out.zip], { type: "application/zip" }));
    link.href = zipUrl;
    link.hidden = out.issued === 0;
    const counts = { issued: out.issued, count: rows.length, seconds: seconds.toFixed(1), failed: out.failed };
    status.textContent = t(out.failed === 0 ? "issue.msg.issued" : out.failed === 1 ? "issue.msg.issued-failed-one" : "issue.msg.issued-failed", counts);
    status.dataset.done = "true";
    status.dataset.seconds = seconds.toFixed(3);
    announce(status.textContent);
  } catch (e) {
    status.textContent = "";
    showError(t("issue.msg.class-failed", { reason: e.message }));
  } finally {
    button.disabled = false;
  }
});

// ---- A learner record (CLR 2.0) of several signed badges ----

setupClr({ ready, key: () => key, keyMismatch, suite: () => $("suite").value, issuerName: () => value("issuer-name") });

// ---- Identity (did:web), revocation (a status list) and protected key files ----

const keyFile = setupKeyFile({ key: () => key });
const identity = setupIdentity({ ready, key: () => key, setKey });
const revocation = setupRevocation({ ready, key: () => key });

/**
 * A new badge is checked offline, before anything is published: a did:web
 * key's DID document and the status list are the ones made on this page,
 * pinned (the report says they were not read from the network). None for
 * a did:key badge without a list: nothing to pin, no second module to load.
 */
function pinnedDocuments(withList) {
  const documents = { ...identity.documents(), ...(withList ? revocation.documents() : {}) };
  return Object.keys(documents).length === 0 ? undefined : { documents };
}

ready.then(() => language).then(() => renderPreview(), () => {});

ready.then(
  () => language.then(() => (document.documentElement.dataset.ready = "true")),
  (e) => showError(t("issue.msg.not-started", { reason: e.message })),
);
