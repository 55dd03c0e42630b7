// The print view of a verified badge: a one-page certificate (A4 or US
// Letter, print CSS in print.css) with the badge's picture, recipient,
// achievement, description, criteria, issuer and dates, and a QR code of its
// verification link. Every text comes from the verified report's fields
// (what the proof covers), through textContent; the QR code is drawn by the
// small ../pkg/qr/ module, loaded the first time a certificate is printed.
import { el } from "../lib/dom.js";
import { credentialImage, recipientText, translatorOf } from "../lib/report-view.js";

let qrModule = null;

/** The QR module, loaded once. */
export function loadQr() {
  qrModule ??= import("../pkg/qr/kiln_wasm.js").then(async (mod) => {
    await mod.default();
    return mod;
  });
  qrModule.catch(() => {
    qrModule = null;
  });
  return qrModule;
}

/** Text of a report value: a string, a JSON-LD value object, a list, or an object's id. */
const str = (v) => {
  if (typeof v === "string") return v;
  if (v === undefined || v === null) return "";
  if (Array.isArray(v)) return v.map(str).filter((s) => s !== "").join("; ");
  if (typeof v === "object" && "@value" in v) return str(v["@value"]);
  if (typeof v === "object") return typeof v.id === "string" ? v.id : "";
  return String(v);
};

/** A date as the page's language writes it (the day only, as the credential gives it in UTC), or the text when it is not a date. */
function day(value, tr) {
  const text = str(value);
  if (text === "") return "";
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? text : d.toLocaleDateString(tr.locale, { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
}

const isHttps = (text) => {
  try {
    return new URL(text).protocol === "https:";
  } catch {
    return false;
  }
};

/**
 * What the certificate's QR code holds: { text, version, svg, note? } for the
 * verification link, or for the credential's own https id when the link is
 * too long for a code that prints legibly at 3 cm; { problem } when neither.
 * @param {object} report a verified report (its payload and credential.id)
 * @param {string} base the verify page's address, for the link
 * @param {{ makeLink: (payload: string, base: string) => Promise<string>, qr: object, tr?: object }} tools
 */
export async function qrFor(report, base, { makeLink, qr, tr }) {
  const { t } = translatorOf(tr);
  let link = null;
  let why = "";
  try {
    link = await makeLink(report.payload, base);
    const code = qr.qrSvg(link);
    return { text: link, kind: "link", version: code.version, modules: code.modules, printMm: code.printMm, svg: code.svg };
  } catch (e) {
    if (e?.code !== "qr-too-long" && e?.code !== "link-too-large") throw e;
    why = link === null
      ? t("qr.too-large", { reason: String(e.message) })
      : t("qr.link-too-long", { chars: String(link.length), reason: String(e.message) });
  }
  const id = str(report.credential?.id);
  if (isHttps(id)) {
    try {
      const code = qr.qrSvg(id);
      return {
        text: id,
        kind: "id",
        version: code.version,
        modules: code.modules,
        printMm: code.printMm,
        svg: code.svg,
        note: t("qr.id-note", { id, why }),
      };
    } catch (e) {
      if (e?.code !== "qr-too-long") throw e;
      return { problem: t("qr.none-id-long", { why }) };
    }
  }
  return { problem: t("qr.none-no-id", { why }) };
}

function row(dl, label, value, fact) {
  const text = str(value);
  if (text === "") return;
  const dd = el("dd", text);
  dd.dataset.fact = fact;
  dl.append(el("dt", label), dd);
}

/**
 * The certificate element of a verified report.
 * @param {object} report
 * @param {{ imageUrl?: string, qr?: { svg?: string, text?: string, note?: string, problem?: string }, tr?: object }} extra
 */
export function certificate(report, { imageUrl, qr, tr: trGiven } = {}) {
  const tr = translatorOf(trGiven);
  const { t } = tr;
  const c = report.credential ?? {};
  const ach = c.achievement ?? {};
  const issuer = c.issuer ?? {};
  const sheet = el("article", null, "certificate");
  sheet.id = "certificate";
  sheet.setAttribute("aria-label", t("cert.label"));

  const head = el("header", null, "certificate-head");
  head.append(el("p", t("cert.kicker"), "certificate-kicker"), el("h2", str(ach.name) || str(c.name), "certificate-title"));
  sheet.append(head);

  // The picture: the credential's own (signed) image when it carries one as data, else the
  // baked picture, which the signature does not cover, and the sheet says so.
  const signed = credentialImage(ach);
  const picture = signed?.kind === "data" ? signed.url : imageUrl;
  if (picture) {
    const figure = el("figure", null, "certificate-picture");
    const img = el("img");
    img.src = picture;
    img.alt = t("cert.image-alt");
    figure.append(img);
    if (picture !== signed?.url) figure.append(el("figcaption", t("cert.picture-note")));
    sheet.append(figure);
  }

  const recipient = recipientText(c.subject, tr);
  if (recipient) {
    const p = el("p", null, "certificate-recipient");
    p.append(el("span", t("cert.awarded-to"), "certificate-label"), el("strong", recipient));
    p.dataset.fact = "recipient";
    sheet.append(p);
  }

  const dl = el("dl", null, "certificate-facts");
  row(dl, t("fact.description"), ach.description, "description");
  row(dl, t("fact.criteria"), ach.criteria?.narrative ?? ach.criteria?.id, "criteria");
  row(dl, t("cert.issued-by"), [str(issuer.name), str(issuer.id)].filter((s) => s !== "").join(", "), "issuer");
  row(dl, t("fact.issued-on"), day(c.validFrom, tr), "issued-on");
  row(dl, t("cert.valid-until"), day(c.validUntil, tr), "expires");
  sheet.append(dl);

  const foot = el("footer", null, "certificate-foot");
  const check = el("div", null, "certificate-check");
  if (qr?.svg) {
    const code = el("img", null, "certificate-qr");
    // Kiln's own SVG, shown as an image (never inserted as markup).
    code.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(qr.svg)}`;
    code.alt = t("cert.qr-alt", { text: qr.text });
    code.dataset.text = qr.text;
    code.dataset.version = String(qr.version);
    // The symbol at 0.4 mm a module (3 to 5 cm), with its 4-module quiet zone around it.
    if (qr.modules > 0 && qr.printMm > 0) code.style.width = `${((qr.printMm * (qr.modules + 8)) / qr.modules).toFixed(2)}mm`;
    foot.append(code);
    check.append(el("p", qr.kind === "id" ? t("cert.scan-id") : t("cert.scan-link")));
    check.append(el("p", qr.text, "certificate-link"));
    if (qr.note) check.append(el("p", qr.note, "certificate-note"));
  } else if (qr?.problem) {
    check.append(el("p", qr.problem, "certificate-note"));
  }
  check.append(el("p", t("cert.verified-on", { date: day(new Date().toISOString(), tr) }), "certificate-verified"));
  foot.append(check);
  sheet.append(foot);
  return sheet;
}

/**
 * Adds a "Print certificate" button to the result of a verified report.
 * @param {HTMLElement} result the report's container
 * @param {object} report
 * @param {{ imageUrl?: string, base: string, print?: () => void }} options
 */
export function offerPrint(result, report, { imageUrl, base, print = () => window.print() }) {
  if (report?.verdict !== "verified" || typeof report.payload !== "string") return;
  const { t } = translatorOf();
  const button = el("button", t("cert.print"), "secondary print-certificate");
  button.type = "button";
  const status = el("span", "", "hint print-status");
  status.setAttribute("role", "status");
  button.addEventListener("click", async () => {
    button.disabled = true;
    status.textContent = t("cert.preparing");
    try {
      const [{ makeLink }, qr] = await Promise.all([import("../lib/link.js"), loadQr()]);
      const tr = translatorOf();
      const code = await qrFor(report, base, { makeLink, qr, tr });
      document.getElementById("certificate")?.remove();
      const sheet = certificate(report, { imageUrl, qr: code, tr });
      document.body.append(sheet);
      const pictures = [...sheet.querySelectorAll("img")];
      await Promise.all(pictures.map((img) => img.decode().catch(() => {})));
      document.documentElement.dataset.certificate = "ready";
      status.textContent = code.problem ?? "";
      print();
    } catch (e) {
      status.textContent = t("cert.failed", { reason: String(e?.message ?? e) });
    } finally {
      button.disabled = false;
    }
  });
  const bar = el("p", null, "print-bar");
  bar.append(button, status);
  result.querySelector(".banner")?.after(bar);
}
