import { el } from "./dom.js";
import { pageTranslator, translator } from "./i18n.js";
import { MAX_PICTURE_BYTES } from "./sniff.js";
import { conformanceSlip, standingOf, standingText } from "./standing.js";

// Shows a verification report as DOM. Every piece of credential text goes
// through textContent; the badge image only through an <img> whose src is a
// blob: URL made by the caller. Used by the verify and issue pages.

const hex = (buffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");

/** "sha256$" + hex(SHA-256(identity + salt)), as Open Badges 3.0 hashes identities (to check an address against a badge). */
export async function hashIdentity(value, salt) {
  const digest = await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(value + salt));
  return `sha256$${hex(digest)}`;
}

// Every word shown comes from the page's language catalogs (i18n.js): a caller passes its
// translator as `tr`; without one, the page's (startPageLanguage), else English, loaded
// before this module is ready.
const english = await translator("en");

/** The translator to use: the one given, the page's, or English. */
export const translatorOf = (tr) => tr ?? pageTranslator() ?? english;

const VERDICTS = ["verified", "invalid", "error"];

/** The verdict's title ("Verified", "Not valid", "Could not check") in the translator's language. */
export const verdictTitle = (verdict, tr) => translatorOf(tr).t(`verdict.${VERDICTS.includes(verdict) ? verdict : "error"}`);

const IDENTITY_STATUSES = ["domain", "trust-list", "not-confirmed"];

/** The report's identity line, when the badge could be read: { status, detail } (detail in the translator's language). */
export function identityOf(report, tr) {
  const identity = report?.identity;
  if (report?.verdict === "error" || typeof identity?.detail !== "string") return null;
  const status = IDENTITY_STATUSES.includes(identity.status) ? identity.status : "not-confirmed";
  return { status, detail: translatorOf(tr).message(identity.message, identity.detail) };
}

/** A check's sentence in the translator's language (its English detail until the report carries message ids). */
export const checkText = (check, tr) => translatorOf(tr).message(check?.message, typeof check?.detail === "string" ? check.detail : "");

/**
 * A report sentence as a node: its text in the translator's language, or, for want of a
 * template, the report's own English sentence in a <span class="sentence" lang="en"> (so
 * that a screen reader reads it as English on a page in another language).
 */
export function sentenceNode(message, fallback, trGiven, fallbackLang = "en") {
  const tr = translatorOf(trGiven);
  const said = tr.messageIn(message, typeof fallback === "string" ? fallback : "");
  const { text } = said;
  // The fallback's language: English (the report's), or the page's for an error the page made.
  const lang = said.lang === tr.lang ? tr.lang : fallbackLang;
  if (lang === tr.lang) return document.createTextNode(text);
  const span = el("span", text, "sentence");
  span.lang = lang;
  return span;
}

/** The report's warnings as sentences in the translator's language. */
export function warningTexts(report, tr) {
  const warnings = Array.isArray(report?.warnings) ? report.warnings : [];
  const messages = Array.isArray(report?.warningMessages) ? report.warningMessages : [];
  return warnings.map((w, i) => translatorOf(tr).message(messages[i], str(w)));
}

/** The report's error in the translator's language (catalog id error.<code>), or its English message. */
export function errorText(report, tr) {
  const error = report?.error;
  if (!error) return "";
  const message = errorMessage(error, translatorOf(tr));
  return translatorOf(tr).message(message, str(error.message));
}

/**
 * The catalog message of a report's error, or null for its own English sentence: only a
 * report that gives the error's params names it by id (a page's own errors do not), and in
 * English the report's sentence, which names the very problem, is kept over the catalog's
 * general one for its code.
 */
function errorMessage(error, tr) {
  const code = typeof error.code === "string" && error.params !== null && typeof error.params === "object" ? error.code : null;
  return code === null || tr.lang === "en" ? null : { id: `error.${code}`, params: error.params };
}

/** The report's error as a node (see sentenceNode). */
export function errorNode(report, trGiven) {
  const error = report?.error;
  if (!error) return document.createTextNode("");
  return sentenceNode(errorMessage(error, translatorOf(trGiven)), str(error.message), trGiven, typeof error.lang === "string" ? error.lang : "en");
}

/** A check's name in words ("Signature", "Validity dates"), or its code when the catalog has none. */
export function checkName(name, tr) {
  const key = `check.${name}`;
  const text = translatorOf(tr).t(key);
  return text === key ? name : text;
}

// What a failed check means for the person looking at the badge: the catalog key of each
// check's meaning (ui.<lang>.json, "meaning.*").
const MEANINGS = {
  proof: "meaning.proof",
  issuer: "meaning.issuer",
  binding: "meaning.issuer",
  "proof-purpose": "meaning.purpose",
  purpose: "meaning.purpose",
  validity: "meaning.validity",
  expiry: "meaning.expiry",
  status: "meaning.status",
  structure: "meaning.structure",
  "jsonld-safe": "meaning.jsonld",
  jsonld: "meaning.jsonld",
  "safe-mode": "meaning.jsonld",
  trust: "meaning.trust",
  clr: "meaning.clr",
  learner: "meaning.learner",
};

/** Checks that never change the verdict: their failure is a warning on a verified badge. */
const ADVISORY_MEANINGS = {
  endorsement: "meaning.endorsement",
};

/** Text of a credential value: a string, a JSON-LD value object ("text (de)"), a list of them, or an object's id. */
const str = (v) => {
  if (typeof v === "string") return v;
  if (v === undefined || v === null) return "";
  if (Array.isArray(v)) return v.map(str).filter((s) => s !== "").join("; ");
  if (typeof v === "object" && "@value" in v) return typeof v["@language"] === "string" ? `${str(v["@value"])} (${v["@language"]})` : str(v["@value"]);
  if (typeof v === "object") return typeof v.id === "string" ? v.id : JSON.stringify(v);
  return String(v);
};

/** A date in the translator's locale, with the credential's own text after it. */
function dateText(value, tr) {
  if (!value) return "";
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? String(value) : `${tr.dateTime(value)} (${value})`;
}

/** Who received the badge, in words. */
export function recipientText(subject, tr) {
  const t = translatorOf(tr).t;
  if (!subject || typeof subject !== "object") return "";
  const parts = [];
  const ids = Array.isArray(subject.identifier) ? subject.identifier : subject.identifier ? [subject.identifier] : [];
  for (const idObj of ids) {
    if (!idObj || typeof idObj !== "object") continue;
    const type = str(idObj.identityType);
    if (idObj.hashed === true || idObj.hashed === "true") parts.push(t("recipient.hashed", { type: type || t("recipient.identity") }));
    else if (idObj.identityHash) parts.push(type === "name" ? str(idObj.identityHash) : `${str(idObj.identityHash)} (${type})`);
  }
  if (subject.name) parts.unshift(str(subject.name));
  if (subject.id) parts.push(str(subject.id));
  return parts.join("; ");
}

function addFact(dl, label, value, fact) {
  const text = str(value);
  if (text === "") return;
  const dd = el("dd", text);
  if (fact) dd.dataset.fact = fact;
  dl.append(el("dt", label), dd);
}


/**
 * Fills `container` with the report and sets data-verdict on it.
 * @param {HTMLElement} container
 * @param {object} report
 * An error the page makes itself (not the verifier's) carries `error.lang`, the language its
 * message is in.
 * @param {{ imageUrl?: string, imageAlt?: string, imageBytes?: number, depth?: number, tr?: import("./i18n.js").Translator }} [extra]
 *   tr: the language to show it in (the page's by default).
 *   imageBytes: the picture's size; above MAX_PICTURE_BYTES it is drawn only when asked for.
 *   depth: for a nested report (a record's credential, an endorsement), how deep it is.
 *   A CLR's nested credentials, its pathway and embedded endorsements are listed after the
 *   facts, one collapsible entry each, drawn in full when opened.
 */
export function renderReport(container, report, extra = {}) {
  const verdict = VERDICTS.includes(report?.verdict) ? report.verdict : "error";
  const tr = translatorOf(extra.tr);
  const { t } = tr;
  container.replaceChildren();
  container.dataset.verdict = verdict;

  const banner = el("div", null, "banner");
  banner.append(el("span", verdictTitle(verdict, tr), "verdict-title"), el("small", t(`summary.${verdict}`)));
  container.append(banner);

  // Who vouches for the issuer: beside the verdict, never changing it.
  const identity = identityOf(report, tr);
  if (identity) {
    const line = el("p", null, "identity");
    line.dataset.identity = identity.status;
    line.append(el("strong", t("report.identity")), sentenceNode(report.identity.message, report.identity.detail, tr));
    container.append(line);
    container.dataset.identity = identity.status;
  } else {
    delete container.dataset.identity;
  }

  const meanings = el("div", null, "meanings");
  const checks = Array.isArray(report?.checks) ? report.checks : [];
  if (verdict === "error") {
    const box = el("div", null, "meaning");
    box.append(el("strong", t("report.means")), document.createTextNode(t("meaning.error")));
    meanings.append(box);
  }
  const seen = new Set();
  const slip = conformanceSlip(report);
  if (slip) container.dataset.conformance = "warning";
  else delete container.dataset.conformance;
  for (const check of checks) {
    if (check?.outcome !== "failed") continue;
    const name = str(check.check);
    const conformance = name === "structure" || name === "schema";
    const advisory = Object.hasOwn(ADVISORY_MEANINGS, name);
    const key = verdict !== "invalid" && conformance ? "meaning.conformance"
      : advisory ? ADVISORY_MEANINGS[name] : Object.hasOwn(MEANINGS, name) ? MEANINGS[name] : "meaning.generic";
    const text = t(key);
    if (seen.has(text)) continue;
    seen.add(text);
    const box = el("div", null, "meaning");
    box.dataset.check = name;
    if (advisory) box.classList.add("advisory");
    box.append(el("strong", advisory ? t("report.warning") : t("report.means")), document.createTextNode(text));
    meanings.append(box);
  }
  container.append(meanings);
  if (verdict !== "verified" && report?.credential) {
    container.append(el("p", t("report.unconfirmed"), "hint unconfirmed"));
  }
  const grid = el("div", null, "result-grid");
  const imageBox = el("div", null, "pictures");
  const c = report?.credential ?? {};
  if (extra.imageUrl) {
    const img = el("img");
    img.alt = extra.imageAlt ?? t("report.image-alt");
    img.className = "badge-image";
    if (Number.isFinite(extra.imageBytes) && extra.imageBytes > MAX_PICTURE_BYTES) {
      // The browser reads a picture on the page's main thread: a huge one would freeze the page.
      const button = el("button", t("report.show-picture", { size: megabytes(extra.imageBytes, tr) }), "secondary show-picture");
      button.type = "button";
      button.addEventListener("click", () => {
        img.src = extra.imageUrl;
        button.replaceWith(img);
      }, { once: true });
      imageBox.append(button, el("p", t("picture.note"), "picture-note"));
    } else {
      img.src = extra.imageUrl;
      imageBox.append(img, el("p", t("picture.note"), "picture-note"));
    }
  }
  const signedImage = credentialImageNode(c.achievement, verdict, tr);
  if (signedImage) imageBox.append(signedImage);
  if (imageBox.childElementCount === 0) grid.classList.add("no-image");
  const dl = el("dl", null, "facts");
  const issuer = c.issuer ?? {};
  const ach = c.achievement ?? {};
  addFact(dl, t("fact.badge"), c.name ?? ach.name, "name");
  addFact(dl, t("fact.achievement"), ach.name, "achievement");
  addFact(dl, t("fact.description"), ach.description, "description");
  addFact(dl, t("fact.criteria"), ach.criteria?.narrative ?? ach.criteria?.id ?? "");
  addFact(dl, t("fact.issuer"), issuer.name, "issuer");
  addFact(dl, t("fact.issuer-id"), issuer.id, "issuer-id");
  addFact(dl, t("fact.issuer-website"), issuer.url);
  addFact(dl, t("fact.recipient"), recipientText(c.subject, tr));
  addFact(dl, t("fact.issued-on"), dateText(c.validFrom, tr), "issued-on");
  addFact(dl, t("fact.expires"), dateText(c.validUntil, tr), "expires");
  if (report?.credential) {
    addFact(dl, t("fact.status"), standingText(report, tr), "status");
    const standing = standingOf(report);
    if (standing.length > 0) container.dataset.standing = standing.join(" ");
    else delete container.dataset.standing;
  }
  addFact(dl, t("fact.proof"), c.proofType);
  addFact(dl, t("fact.format"), c.format === "ob2" ? "Open Badges 2.0" : c.format === "ob3" ? "Open Badges 3.0" : "");
  if (report?.error) {
    const problem = errorNode(report, tr);
    if (problem.textContent !== "") {
      const dd = el("dd");
      dd.append(problem);
      dl.append(el("dt", t("fact.problem")), dd);
    }
    addFact(dl, t("fact.error-code"), report.error.code);
  }
  grid.append(imageBox, dl);
  container.append(grid);
  const emailCheck = hashedEmailCheck(c.subject, tr);
  if (emailCheck) container.append(emailCheck);
  const stack = renderStack(report, extra.depth ?? 0, tr);
  if (stack) container.append(stack);

  if (checks.length > 0) {
    container.append(el("h3", t("report.checks")));
    const list = el("ul", null, "checks");
    for (const check of checks) {
      const li = el("li");
      const outcome = ["passed", "failed", "skipped"].includes(check?.outcome) ? check.outcome : "skipped";
      li.dataset.check = str(check?.check);
      li.dataset.outcome = outcome;
      const sentence = sentenceNode(check?.message, typeof check?.detail === "string" ? check.detail : "", tr);
      li.append(el("span", t(`outcome.${outcome}`), `outcome ${outcome}`), el("strong", checkName(str(check?.check), tr)));
      if (sentence.textContent !== "") li.append(": ", sentence);
      list.append(li);
    }
    container.append(list);
  }
  const warnings = Array.isArray(report?.warnings) ? report.warnings : [];
  if (warnings.length > 0) {
    container.append(el("h3", t("report.warnings")));
    const list = el("ul", null, "warnings");
    const messages = Array.isArray(report?.warningMessages) ? report.warningMessages : [];
    warnings.forEach((w, i) => {
      const li = el("li");
      li.append(sentenceNode(messages[i], str(w), tr));
      list.append(li);
    });
    container.append(list);
  }
  if (typeof report?.payload === "string" && report.payload !== "") {
    const details = el("details");
    // The text scrolls in its box (style.css): focusable, so that the keyboard scrolls it too.
    const text = el("pre", report.payload);
    text.tabIndex = 0;
    text.setAttribute("aria-label", t("report.payload"));
    details.append(el("summary", t("report.payload")), text);
    container.append(details);
  }
  container.hidden = false;
}

/** How deep nested reports are drawn (a record's credentials, their endorsements): the core bounds them too. */
const MAX_STACK_DEPTH = 4;

/** A nested report's name, or its achievement's. */
const nameOf = (report, tr) => str(report?.credential?.name) || str(report?.credential?.achievement?.name) || tr.t("report.unnamed");

/** "Name, id" of a nested report's issuer, or what of it is known. */
function issuerOf(report, tr) {
  const issuer = report?.credential?.issuer ?? {};
  const parts = [str(issuer.name), str(issuer.id)].filter((p) => p !== "");
  return parts.length > 0 ? parts.join(", ") : tr.t("report.issuer-unknown");
}

/** Why a nested report is not verified, in one sentence (empty when it is). */
export function reasonOf(report, trGiven) {
  const tr = translatorOf(trGiven);
  if (report?.verdict === "verified") return "";
  if (report?.verdict === "invalid") {
    const failed = (Array.isArray(report.checks) ? report.checks : []).find((c) => c?.outcome === "failed");
    return failed ? `${checkName(str(failed.check), tr)}: ${checkText(failed, tr)}` : tr.t("reason.failed");
  }
  return errorText(report, tr) || tr.t("reason.error");
}

/** associationType values said in words, as `kiln verify` says them (catalog keys relation.*). */
const RELATIONS = ["exactMatchOf", "exemplar", "hasSkillLevel", "isChildOf", "isParentOf", "isPartOf", "isPeerOf", "isRelatedTo", "precedes", "replacedBy"];

/**
 * One nested report as a collapsible entry: its verdict, name, issuer and
 * (when not verified) why, in the summary; its full report drawn when it is
 * first opened (a record of 100 credentials costs 100 summaries).
 */
function nestedEntry(report, index, depth, kind, tr) {
  const verdict = VERDICTS.includes(report?.verdict) ? report.verdict : "error";
  const li = el("li", null, kind);
  li.dataset.verdict = verdict;
  li.dataset.index = String(index + 1);
  const details = el("details");
  const summary = el("summary");
  summary.append(el("span", verdictTitle(verdict, tr), `outcome ${verdict}`));
  if (kind === "endorsement") {
    summary.append(el("strong", ` ${tr.t("nested.by", { issuer: issuerOf(report, tr) })}`, "who"));
    const comment = str(report?.credential?.subject?.endorsementComment);
    if (comment) summary.append(el("span", `: "${comment}"`, "comment"));
  } else {
    summary.append(el("strong", ` ${nameOf(report, tr)}`, "name"), el("span", ` ${tr.t("nested.issued-by", { issuer: issuerOf(report, tr) })}`, "who"));
  }
  const reason = reasonOf(report, tr);
  if (reason) summary.append(el("span", ` ${tr.t("nested.why", { reason })}`, "reason"));
  const body = el("div", null, "nested-report");
  details.append(summary, body);
  details.addEventListener("toggle", () => {
    if (details.open && body.childElementCount === 0) renderReport(body, report, { depth: depth + 1, tr });
  });
  li.append(details);
  return li;
}

/**
 * A CLR's nested credentials, its pathway and the endorsements a credential
 * embeds, as one element (null when the report has none of them).
 */
function renderStack(report, depth, tr) {
  const { t } = tr;
  const credentials = Array.isArray(report?.credentials) ? report.credentials : [];
  const endorsements = Array.isArray(report?.endorsements) ? report.endorsements : [];
  const pathway = report?.pathway;
  const associations = Array.isArray(pathway?.associations) ? pathway.associations : [];
  if (credentials.length === 0 && endorsements.length === 0 && associations.length === 0) return null;
  const box = el("div", null, "stack");
  if (depth >= MAX_STACK_DEPTH) {
    box.append(el("p", t("stack.too-deep"), "hint"));
    return box;
  }
  if (credentials.length > 0) {
    const bad = credentials.filter((r) => r?.verdict !== "verified").length;
    const section = el("section", null, "record");
    section.append(el("h3", bad > 0 ? t("stack.record-bad", { count: credentials.length, bad }) : t("stack.record", { count: credentials.length })));
    const list = el("ol", null, "nested-credentials");
    credentials.forEach((r, i) => list.append(nestedEntry(r, i, depth, "nested-credential", tr)));
    section.append(list);
    box.append(section);
  }
  if (associations.length > 0) {
    const achievements = Array.isArray(pathway?.achievements) ? pathway.achievements : [];
    const named = (id) => str(achievements.find((a) => a?.id === id)?.name) || str(id);
    const section = el("section", null, "pathway");
    section.append(el("h3", t("stack.pathway")));
    const list = el("ol");
    for (const a of associations) {
      const relation = str(a?.relation);
      const words = RELATIONS.includes(relation) ? t(`relation.${relation}`) : relation;
      const li = el("li", `${named(a?.source)} ${words} ${named(a?.target)}`);
      li.dataset.relation = relation;
      li.title = `${str(a?.source)} ${relation} ${str(a?.target)}`;
      list.append(li);
    }
    section.append(list);
    box.append(section);
  }
  if (endorsements.length > 0) {
    const section = el("section", null, "endorsements");
    section.append(el("h3", t("stack.endorsements", { count: endorsements.length })));
    const bad = endorsements
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => r?.verdict !== "verified");
    if (bad.length > 0) {
      const warn = el("p", null, "endorsement-warning");
      warn.setAttribute("role", "note");
      const names = bad.map(({ r, i }) => t("stack.endorsement-named", { index: i + 1, issuer: issuerOf(r, tr), verdict: verdictTitle(r?.verdict, tr) }));
      const sentence = t("stack.endorsement-bad", { names: names.join("; ") });
      warn.append(el("strong", t("report.warning")), document.createTextNode(report?.verdict === "verified" ? `${sentence} ${t("stack.badge-verified")}` : sentence));
      section.append(warn);
    }
    const list = el("ol", null, "endorsement-list");
    endorsements.forEach((r, i) => list.append(nestedEntry(r, i, depth, "endorsement", tr)));
    section.append(list);
    box.append(section);
  }
  return box;
}

/** "1.5 MB" in the translator's locale. */
const megabytes = (n, tr) => tr.t("size.mb", { size: new Intl.NumberFormat(tr.locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n / 1e6) });

/** Image types shown from a credential's data: URL (always as <img>, which runs no script). */
const DATA_IMAGE = /^data:image\/(?:png|jpeg|gif|webp|svg\+xml)(?:;[^,;]*)*,/i;

/**
 * The image a credential's achievement names (`image` is a URL string or an
 * Image object with `id`): { kind: "data", url } for a data: URL of an image
 * type that may be shown, { kind: "remote", url, host } for an https URL
 * (loaded only when the person asks, since loading it tells the host who
 * looks), { kind: "other", url } for anything else; null when there is none.
 */
export function credentialImage(achievement) {
  const value = achievement?.image;
  const url = typeof value === "string" ? value : typeof value?.id === "string" ? value.id : null;
  if (url === null || url.trim() === "") return null;
  const caption = typeof value?.caption === "string" && value.caption.trim() !== "" ? value.caption : null;
  if (DATA_IMAGE.test(url)) return { kind: "data", url, caption };
  let parsed = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (parsed?.protocol === "https:" && parsed.host !== "") return { kind: "remote", url: parsed.href, host: parsed.host, caption };
  return { kind: "other", url, caption };
}

/**
 * The credential's own image as a <figure>, for beside the baked picture:
 * a data: URL shown at once as <img>; an https image behind a button that
 * names the host it loads from; anything else as text. null when the
 * credential names no image.
 * @param {object | undefined} achievement the report's credential.achievement
 * @param {string} verdict
 * @param {import("./i18n.js").Translator} [trGiven] the language (the page's by default)
 */
export function credentialImageNode(achievement, verdict, trGiven) {
  const tr = translatorOf(trGiven);
  const { t } = tr;
  const image = credentialImage(achievement);
  if (image === null) return null;
  const figure = el("figure", null, "credential-image");
  figure.dataset.kind = image.kind;
  const caption = verdict === "verified" ? t("image.signed") : t("image.unconfirmed");
  const alt = image.caption ?? t("image.alt");
  const show = (src) => {
    const img = el("img");
    img.referrerPolicy = "no-referrer";
    img.alt = alt;
    img.src = src;
    return img;
  };
  if (image.kind === "data" && image.url.length > (MAX_PICTURE_BYTES * 4) / 3) {
    // As with the baked picture: a large image is drawn only when asked for.
    const button = el("button", t("image.show-large", { size: megabytes(image.url.length, tr) }), "secondary show-credential-image");
    button.type = "button";
    button.addEventListener("click", () => button.replaceWith(show(image.url)), { once: true });
    figure.append(button);
  } else if (image.kind === "data") figure.append(show(image.url));
  else if (image.kind === "remote") {
    const button = el("button", t("image.show-remote", { host: image.host }), "secondary show-credential-image");
    button.type = "button";
    button.addEventListener("click", () => button.replaceWith(show(image.url)), { once: true });
    figure.append(button);
  } else figure.append(el("p", t("image.other", { url: image.url }), "hint"));
  figure.append(el("figcaption", caption));
  return figure;
}

/** The sentence a screen reader announces for a report. */
export function announcement(report, tr) {
  const verdict = verdictTitle(report?.verdict, tr);
  const name = report?.credential?.name ?? report?.credential?.achievement?.name;
  return name ? `${verdict}: ${name}` : `${verdict}.`;
}

/**
 * A small form that tells whether an email address is the one hashed into
 * the credential (sha256$hex(SHA-256(email + salt))), computed locally.
 */
function hashedEmailCheck(subject, { t }) {
  const ids = Array.isArray(subject?.identifier) ? subject.identifier : subject?.identifier ? [subject.identifier] : [];
  const hashed = ids.filter((i) => i && (i.hashed === true || i.hashed === "true") && i.identityType === "emailAddress" && typeof i.identityHash === "string");
  if (hashed.length === 0) return null;
  const box = el("div", null, "email-check");
  const label = el("label", t("email.label"));
  const input = el("input");
  input.type = "email";
  input.id = `email-check-${Math.random().toString(36).slice(2)}`;
  input.className = "email-check-input";
  input.autocomplete = "email";
  label.htmlFor = input.id;
  const button = el("button", t("email.compare"));
  button.type = "button";
  button.className = "secondary email-check-button";
  const out = el("p", "", "email-check-result");
  out.setAttribute("aria-live", "polite");
  button.addEventListener("click", async () => {
    const email = input.value.trim().toLowerCase();
    if (email === "") return;
    let match = false;
    for (const id of hashed) {
      const [alg] = id.identityHash.split("$");
      if (alg.toLowerCase() !== "sha256") continue;
      const computed = await hashIdentity(email, typeof id.salt === "string" ? id.salt : "");
      if (computed.toLowerCase() === id.identityHash.toLowerCase()) match = true;
    }
    out.dataset.match = String(match);
    out.textContent = match ? t("email.yes") : t("email.no");
  });
  box.append(label, input, button, out);
  return box;
}
