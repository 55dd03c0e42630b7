// The issuer page's learner record: signed badges (JSON, VC-JWT, or baked
// PNG / SVG) of one learner bundled into a CLR 2.0 record (issuer.buildClr),
// signed with the page's key and suite, offered as clr.json and checked
// right away. File contents only ever reach the page through textContent.
import * as issuer from "../lib/issuer.js";
import * as verifier from "../lib/verifier.js";
import { announcement, renderReport, translatorOf } from "../lib/report-view.js";
import { imageKind } from "../lib/sniff.js";

const $ = (id) => document.getElementById(id);
const t = (key, params) => translatorOf().t(key, params);
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** The claims of a VC-JWT's payload, or null when they cannot be read. */
function jwtClaims(token) {
  try {
    const part = token.split(".")[1].replaceAll("-", "+").replaceAll("_", "/");
    const bytes = Uint8Array.from(atob(part.padEnd(Math.ceil(part.length / 4) * 4, "=")), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes));
    return claims !== null && typeof claims === "object" ? claims : null;
  } catch {
    return null;
  }
}

/**
 * One file as a badge for the record: `{ name, credential, learner, achievement }`
 * (the credential a JSON object or a VC-JWT string; learner and achievement
 * ids as the badge states them, or null). Throws with a sentence naming the file.
 */
async function readBadge(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let text;
  const kind = imageKind(bytes);
  if (kind) {
    await verifier.load();
    try {
      text = verifier.extractCredential(bytes);
    } catch (e) {
      throw new Error(t("clr.msg.no-badge", { file: file.name, kind: kind.toUpperCase(), reason: e.message }));
    }
  } else {
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      throw new Error(t("clr.msg.not-badge-file", { file: file.name }));
    }
  }
  text = text.trim();
  if (text.startsWith("{")) {
    let credential;
    try {
      credential = JSON.parse(text);
    } catch (e) {
      throw new Error(t("clr.msg.bad-json", { file: file.name, reason: e.message }));
    }
    if (credential === null || typeof credential !== "object" || Array.isArray(credential)) throw new Error(t("clr.msg.not-object", { file: file.name }));
    if (!("proof" in credential)) throw new Error(t("clr.msg.unsigned", { file: file.name }));
    const subject = credential.credentialSubject;
    return {
      name: file.name,
      credential,
      learner: typeof subject?.id === "string" ? subject.id : null,
      achievement: typeof subject?.achievement?.id === "string" ? subject.achievement.id : null,
    };
  }
  if (JWT.test(text)) {
    const claims = jwtClaims(text);
    if (!claims) throw new Error(t("clr.msg.bad-jwt", { file: file.name }));
    const subject = (claims.vc ?? claims).credentialSubject;
    const learner = typeof subject?.id === "string" ? subject.id : typeof claims.sub === "string" ? claims.sub : null;
    return { name: file.name, credential: text, learner, achievement: typeof subject?.achievement?.id === "string" ? subject.achievement.id : null };
  }
  throw new Error(t("clr.msg.not-badge", { file: file.name }));
}

/** "precedes" between each achievement and the next, in the badges' order (a repeated one once). */
function inOrder(badges) {
  const ids = badges.map((b) => b.achievement).filter((id) => id !== null).filter((id, i, all) => all.indexOf(id) === i);
  return ids.slice(1).map((target, i) => ({ source: ids[i], relation: "precedes", target }));
}

/**
 * Wires the section. `page` gives the current key (`key()`), why it cannot
 * sign with the chosen suite (`keyMismatch()`, null when it can), the
 * chosen suite (`suite()`), the issuer's name (`issuerName()`) and the
 * promise of the page's modules (`ready`).
 */
export function setupClr(page) {
  let badges = [];
  let recordUrl = null;

  const showError = (messages) => {
    const box = $("clr-error");
    box.replaceChildren(...messages.map((m) => Object.assign(document.createElement("span"), { textContent: m })).flatMap((n, i) => (i === 0 ? [n] : [document.createElement("br"), n])));
    box.hidden = messages.length === 0;
    if (messages.length > 0) $("announce").textContent = messages.join(" ");
  };

  const showList = () => {
    $("clr-list").replaceChildren(...badges.map((b) => {
      const item = document.createElement("li");
      item.textContent = b.learner ? t("clr.msg.item", { name: b.name, learner: b.learner }) : b.name;
      return item;
    }));
  };

  $("clr-files").addEventListener("change", async () => {
    const files = [...($("clr-files").files ?? [])];
    const errors = [];
    for (const file of files) {
      try {
        badges.push(await readBadge(file));
      } catch (e) {
        errors.push(e.message);
      }
    }
    $("clr-files").value = "";
    if ($("clr-learner").value.trim() === "") $("clr-learner").value = badges.find((b) => b.learner)?.learner ?? "";
    showList();
    showError(errors);
    if (errors.length === 0) $("announce").textContent = t(badges.length === 1 ? "clr.msg.count-one" : "clr.msg.count", { count: badges.length });
  });

  $("clr-clear").addEventListener("click", () => {
    badges = [];
    showList();
    showError([]);
  });

  $("clr-sign").addEventListener("click", async () => {
    showError([]);
    $("clr-issued").hidden = true;
    try {
      await page.ready;
      const key = page.key();
      if (!key) throw new Error("make or import a key first (step 1)");
      const mismatch = page.keyMismatch();
      if (mismatch) throw new Error(mismatch);
      const suite = page.suite();
      if (suite === "ecdsa-sd-2023") throw new Error(t("clr.msg.no-sd"));
      if (badges.length === 0) throw new Error(t("clr.msg.badges-first"));
      const learner = $("clr-learner").value.trim();
      if (learner === "") {
        $("clr-learner").focus();
        throw new Error(t("clr.msg.learner-first"));
      }
      // A badge issued to someone else, named by its file.
      const stranger = badges.find((b) => b.learner !== null && b.learner !== learner);
      if (stranger) throw new Error(t("clr.msg.stranger", { name: stranger.name, other: stranger.learner, learner }));
      let unsigned;
      try {
        unsigned = await issuer.buildClr({
          learner,
          name: $("clr-name").value.trim() || undefined,
          issuerId: key.controller,
          issuerName: page.issuerName() || undefined,
          credentials: badges.map((b) => b.credential),
          associations: $("clr-in-order").checked ? inOrder(badges) : [],
        });
      } catch (e) {
        // kiln-core counts the credentials from 1: name the file too.
        throw new Error(e.message.replace(/^credential (\d+)/, (m, n) => `${m} (${badges[Number(n) - 1]?.name ?? "?"})`));
      }
      const signed = await issuer.signCredential(unsigned, key, { suite, created: unsigned.validFrom });
      const text = JSON.stringify(signed, null, 2) + "\n";
      if (recordUrl) URL.revokeObjectURL(recordUrl);
      recordUrl = URL.createObjectURL(new Blob([text], { type: "application/json" }));
      $("clr-download").href = recordUrl;
      $("clr-json").textContent = text;
      $("clr-issued").hidden = false;
      const report = await verifier.verifyBadge(new TextEncoder().encode(text));
      renderReport($("clr-result"), report);
      $("announce").textContent = t("clr.msg.signed", { check: announcement(report) });
      $("clr-result").focus();
    } catch (e) {
      showError([t("clr.msg.not-signed", { reason: e.message })]);
    }
  });
}
