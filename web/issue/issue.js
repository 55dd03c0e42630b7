// The issuer page: key, credential, signature, baking and an immediate check,
// all in this browser. Both modules and the default artwork are loaded when
// the page opens, so issuing makes no request at all.
import * as issuer from "../lib/issuer.js";
import * as verifier from "../lib/verifier.js";
import { buildCredential } from "../lib/credential.js";
import { announcement, imageKind, renderReport } from "../lib/report-view.js";

const $ = (id) => document.getElementById(id);
const announce = (text) => ($("announce").textContent = text);
let key = null;
let keyUrl = null;
let badgeUrl = null;
let imageUrl = null;

const ready = Promise.all([
  issuer.load(),
  verifier.load(),
  fetch(new URL("../demo/template.svg", import.meta.url)).then((r) => {
    if (!r.ok) throw new Error(`the default design could not be loaded (HTTP ${r.status})`);
    return r.arrayBuffer();
  }),
]);

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
  $("key-status").textContent = `${how} Issuer id: ${k.controller}`;
  announce(`${how} You can download the key file now.`);
}

$("generate-key").addEventListener("click", async () => {
  $("issue-error").hidden = true;
  try {
    await ready;
    setKey(await issuer.generateKey(), "A new key was made.");
  } catch (e) {
    showError(`No key was made: ${e.message}`);
  }
});

$("key-file").addEventListener("change", async () => {
  const file = $("key-file").files?.[0];
  if (!file) return;
  $("issue-error").hidden = true;
  try {
    await ready;
    setKey(await issuer.importKey(await file.text()), `The key file ${file.name} was read.`);
  } catch (e) {
    showError(`That key file cannot be used: ${e.message}`);
  }
});

const value = (id) => $(id).value.trim();

$("issue-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("issue-error").hidden = true;
  try {
    const [, , template] = await ready;
    if (!key) throw new Error("make or import a key first (step 1)");
    for (const [id, label] of [["issuer-name", "the issuer's name"], ["achievement-name", "the achievement's name"], ["achievement-description", "a description"], ["achievement-criteria", "the criteria"]]) {
      if (value(id) === "") {
        $(id).focus();
        throw new Error(`please fill in ${label}`);
      }
    }
    const file = $("image-file").files?.[0];
    const image = file ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array(template);
    const kind = imageKind(image);
    if (!kind) throw new Error("the image must be a PNG or an SVG");
    const now = issuer.rfc3339(new Date());
    const unsigned = await buildCredential({
      issuerId: key.controller,
      issuerName: value("issuer-name"),
      issuerUrl: value("issuer-url") || undefined,
      achievementName: value("achievement-name"),
      achievementDescription: value("achievement-description"),
      criteria: value("achievement-criteria"),
      recipientName: value("recipient-name") || undefined,
      recipientEmail: value("recipient-email") || undefined,
      validFrom: now,
    });
    const signed = await issuer.signCredential(unsigned, key, { suite: $("suite").value, created: now });
    const baked = await issuer.bakeBadge(image, signed);
    const type = kind === "png" ? "image/png" : "image/svg+xml";
    if (badgeUrl) URL.revokeObjectURL(badgeUrl);
    badgeUrl = URL.createObjectURL(new Blob([baked], { type }));
    const link = $("badge-download");
    link.href = badgeUrl;
    link.download = `badge.${kind}`;
    $("signed-json").textContent = JSON.stringify(signed, null, 2);
    $("issued").hidden = false;
    const report = await verifier.verifyBadge(baked);
    if (imageUrl) URL.revokeObjectURL(imageUrl);
    imageUrl = URL.createObjectURL(new Blob([baked], { type }));
    renderReport($("result"), report, { imageUrl, imageAlt: `The new badge: ${value("achievement-name")}` });
    announce(`The badge was signed and baked. Check: ${announcement(report)}`);
    $("result").focus();
  } catch (e) {
    showError(`The badge was not made: ${e.message}`);
  }
});

ready.then(
  () => (document.documentElement.dataset.ready = "true"),
  (e) => showError(`The issuer could not start: ${e.message}`),
);
