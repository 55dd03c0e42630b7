// The pages and the widget in English, French, German and Spanish: the language comes from
// the browser (navigator.languages), a page's switch (remembered), or the closest lang
// attribute (the widget); verdicts, check sentences and dates are in that language and locale,
// and a French page shows no English sentence of the catalogs.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { ROOT, badges, screenshot, startAll, verdictOf } from "./helpers.mjs";

const I18N = join(ROOT, "web", "lib", "i18n");
const catalog = (name) => JSON.parse(readFileSync(join(I18N, name), "utf8"));
const UI = Object.fromEntries(["en", "fr", "de", "es"].map((lang) => [lang, catalog(`ui.${lang}.json`)]));

// The demo badges are issued on 1 January 2024 (the expired one: valid until 1 January 2021),
// at midnight UTC; the pages run in Paris time, so the day is the same everywhere.
const ISSUED = { en: /January 1, 2024/, fr: /1 janvier 2024/, de: /1\. Januar 2024/, es: /1 de enero de 2024/ };
const EXPIRED = { en: /January 1, 2021/, fr: /1 janvier 2021/, de: /1\. Januar 2021/, es: /1 de enero de 2021/ };
const BROWSER = { en: ["en-US", "en"], fr: ["fr-FR", "fr"], de: ["de-DE", "de"], es: ["es-ES", "es"] };

let env;
let files;
before(async () => {
  ({ files } = await badges());
  env = await startAll();
});
after(async () => {
  await env?.close();
});

/** A new tab whose browser speaks `languages` (navigator.languages), in Paris time, with no saved choice. */
async function tabIn(languages, { keepChoice = false } = {}) {
  const tab = await env.newPage();
  await tab.page.addInitScript(({ languages, keepChoice }) => {
    Object.defineProperty(Navigator.prototype, "languages", { get: () => languages, configurable: true });
    Object.defineProperty(Navigator.prototype, "language", { get: () => languages[0], configurable: true });
    try {
      if (!keepChoice) localStorage.removeItem("kiln-lang");
    } catch {
      // a document without storage (about:blank)
    }
  }, { languages, keepChoice });
  const cdp = await tab.page.context().newCDPSession(tab.page);
  await cdp.send("Emulation.setTimezoneOverride", { timezoneId: "Europe/Paris" });
  return tab;
}

async function openVerify(lang) {
  const tab = await tabIn(BROWSER[lang]);
  await tab.page.goto(`${env.origin}/`);
  await tab.page.waitForSelector("html[data-ready='true']");
  return tab;
}

async function check(page, name) {
  const bytes = name === "garbage.bin" ? new TextEncoder().encode("\u0000\u0001 no badge here") : files[name];
  const mimeType = name.endsWith(".png") ? "image/png" : name.endsWith(".svg") ? "image/svg+xml" : "application/octet-stream";
  // The previous report's verdict goes first, so that the wait below is for this one's.
  await page.evaluate(() => delete document.getElementById("result").dataset.verdict);
  await page.setInputFiles("#file", { name, mimeType, buffer: Buffer.from(bytes) });
  return verdictOf(page, "#result");
}

async function openDemo(languages, options) {
  const tab = await tabIn(languages, options);
  await tab.page.goto(`${env.origin}/demo/`);
  await tab.page.waitForSelector("html[data-ready='true']");
  await tab.page.waitForFunction(() => [...document.querySelectorAll("kiln-badge")].every((b) => b.hasAttribute("data-verdict")), null, { timeout: 20000 });
  return tab;
}

/**
 * The visible text of `root` (in the page, or a widget's details) without the report's own
 * English sentences, which the page declares as such (<span class="sentence" lang="en">)
 * until the report carries message ids for them.
 */
const TEXT_OF = (root) => {
  const copy = root.cloneNode(true);
  const declared = [...copy.querySelectorAll('.sentence[lang="en"]')];
  for (const n of declared) n.remove();
  const box = document.createElement("div");
  box.append(copy);
  document.body.append(box);
  const text = box.innerText;
  box.remove();
  return { text, declared: declared.length };
};

/** A widget's face and details, once it is checked and its details are open. */
async function widget(page, selector) {
  return page.evaluate(({ selector, textOf }) => {
    const visible = new Function(`return (${textOf})`)();
    const badge = document.querySelector(selector);
    const root = badge.shadowRoot;
    if (root.querySelector(".details").hidden) root.querySelector("button.face").click();
    const fact = (f) => root.querySelector(`.details dd[data-fact="${f}"]`)?.textContent ?? null;
    return {
      verdict: badge.dataset.verdict,
      lang: badge.dataset.lang,
      mark: root.querySelector(".mark").textContent,
      label: root.querySelector("button.face").getAttribute("aria-label"),
      details: root.querySelector(".details").innerText,
      ownText: visible(root.querySelector(".details")).text,
      checks: [...root.querySelectorAll(".details li[data-check]")].map((li) => ({ check: li.dataset.check, text: li.textContent })),
      issuedOn: fact("issued-on"),
      expires: fact("expires"),
      status: fact("status"),
    };
  }, { selector, textOf: TEXT_OF.toString() });
}

/**
 * English sentences of the catalogs: the literal parts of each English text (split at its
 * {placeholders}) of three words or more that the other language's catalog does not use too.
 */
function englishSentences(en, other) {
  const theirs = Object.values(other).join("\n");
  const out = new Set();
  for (const [key, text] of Object.entries(en)) {
    if (other[key] === text) continue;
    for (const part of text.split(/\{[A-Za-z0-9_]+\}/)) {
      const p = part.trim().replace(/^[:;,.(]+|[:;,.)]+$/g, "").trim();
      if (p.split(/\s+/).length >= 3 && !theirs.includes(p)) out.add(p);
    }
  }
  return [...out];
}

describe("languages", () => {
  for (const lang of ["en", "fr", "de", "es"]) {
    test(`the verify page in ${lang}: verdict, check sentences and dates (browser language ${BROWSER[lang][0]})`, async () => {
      const ui = UI[lang];
      const { page, errors } = await openVerify(lang);
      assert.equal(await page.getAttribute("html", "lang"), lang);
      assert.equal((await page.textContent("h1")).trim(), ui["verify.heading"]);
      assert.equal(await page.inputValue("#lang"), lang, "the switch shows the language");
      assert.equal(await page.title(), ui["verify.title"]);
      if (lang !== "en") assert.notEqual(ui["verify.heading"], UI.en["verify.heading"]);

      assert.equal(await check(page, "valid.png"), "verified");
      assert.equal((await page.textContent("#result .verdict-title")).trim(), ui["verdict.verified"]);
      assert.equal((await page.textContent("#result .banner small")).trim(), ui["summary.verified"]);
      const proof = await page.textContent('#result li[data-check="proof"]');
      assert.ok(proof.includes(ui["check.proof"]) && proof.includes(ui["outcome.passed"]), `${lang}: ${proof}`);
      assert.match(await page.textContent('#result dd[data-fact="issued-on"]'), ISSUED[lang]);
      assert.equal(await page.textContent('#result .share .copy-link'), ui["share.copy"]);
      assert.match(await page.textContent("#announce"), new RegExp(`^${ui["verdict.verified"]}`));
      if (lang === "fr") await screenshot(page, "i18n-verify-fr-verified");

      assert.equal(await check(page, "tampered.png"), "invalid");
      assert.equal((await page.textContent("#result .verdict-title")).trim(), ui["verdict.invalid"]);
      assert.equal((await page.textContent('#result .meaning[data-check="proof"]')).trim(), `${ui["report.means"]}${ui["meaning.proof"]}`.trim());
      const failed = await page.textContent('#result li[data-check="proof"]');
      assert.ok(failed.includes(ui["outcome.failed"]), `${lang}: ${failed}`);

      assert.equal(await check(page, "expired.svg"), "invalid");
      assert.match(await page.textContent('#result dd[data-fact="expires"]'), EXPIRED[lang]);
      assert.equal((await page.textContent('#result dd[data-fact="status"]')).trim(), ui["standing.expired"]);
      assert.equal((await page.textContent('#result .meaning[data-check="validity"]')).trim(), `${ui["report.means"]}${ui["meaning.validity"]}`.trim());

      assert.equal(await check(page, "garbage.bin"), "error");
      assert.equal((await page.textContent("#result .verdict-title")).trim(), ui["verdict.error"]);
      assert.ok((await page.textContent("#result .meaning")).includes(ui["meaning.error"]));
      assert.deepEqual(errors, []);
      await page.close();
    });

    test(`the widget in ${lang}: verdict, check sentences and dates`, async () => {
      const ui = UI[lang];
      const { page, errors } = await openDemo(BROWSER[lang]);
      assert.equal(await page.getAttribute("html", "lang"), lang);
      const valid = await widget(page, "#demo-valid-png");
      assert.equal(valid.verdict, "verified");
      assert.equal(valid.lang, lang);
      assert.ok(valid.mark.includes(ui["verdict.verified"]), `${lang}: ${valid.mark}`);
      assert.ok(valid.label.includes(ui["widget.show-details"]), valid.label);
      assert.match(valid.issuedOn, ISSUED[lang]);
      const proof = valid.checks.find((c) => c.check === "proof")?.text ?? "";
      assert.ok(proof.startsWith(`${ui["check.proof"]}: ${ui["outcome.passed"]}`), `${lang}: ${proof}`);

      const tampered = await widget(page, "#demo-tampered");
      assert.equal(tampered.verdict, "invalid");
      assert.ok(tampered.mark.includes(ui["verdict.invalid"]), tampered.mark);
      assert.ok(tampered.checks.find((c) => c.check === "proof")?.text.startsWith(`${ui["check.proof"]}: ${ui["outcome.failed"]}`));

      const expired = await widget(page, "#demo-expired");
      assert.match(expired.expires, EXPIRED[lang]);
      assert.equal(expired.status, ui["standing.expired"]);
      assert.ok(expired.mark.includes(ui["standing.expired"]), expired.mark);

      // A badge that cannot be loaded: "could not check", the problem said in the language.
      await page.evaluate(() => {
        const badge = document.createElement("kiln-badge");
        badge.id = "missing";
        // Appended below the demo's badges, out of view: checked at once, not when scrolled to.
        badge.setAttribute("loading", "eager");
        badge.setAttribute("src", "/fixtures/no-such-badge.png");
        document.querySelector("main").append(badge);
      });
      await page.waitForSelector("#missing[data-verdict]");
      const missing = await widget(page, "#missing");
      assert.equal(missing.verdict, "error");
      assert.ok(missing.mark.includes(ui["verdict.error"]), missing.mark);
      assert.ok(missing.details.includes(ui["widget.not-loaded"].replace("{status}", "404")), missing.details);
      if (lang === "de") await screenshot(page, "i18n-demo-de");
      assert.deepEqual(errors, []);
      await page.close();
    });
  }

  test("a French page shows no English sentence of the catalogs (verify page with reports open, the widget's details)", async () => {
    const messages = await fetch(`${env.origin}/lib/i18n/messages.en.json`).then((r) => (r.ok ? r.json() : null));
    const messagesFr = await fetch(`${env.origin}/lib/i18n/messages.fr.json`).then((r) => (r.ok ? r.json() : null));
    // The report's sentences count once the report carries message ids and their catalogs exist.
    const english = [
      ...englishSentences(UI.en, UI.fr),
      ...(messages && messagesFr ? englishSentences(messages, messagesFr) : []),
    ];
    assert.ok(english.length > 100, `${english.length} English sentences to look for`);
    const leaks = (text) => english.filter((s) => text.includes(s));

    const { page } = await openVerify("fr");
    for (const name of ["valid.png", "tampered.png", "expired.svg", "garbage.bin"]) {
      await check(page, name);
      await page.$$eval("#result details", (all) => all.forEach((d) => { d.open = true; }));
      const { text } = await page.evaluate((textOf) => new Function(`return (${textOf})`)()(document.querySelector("main")), TEXT_OF.toString());
      assert.deepEqual(leaks(text), [], `verify page, ${name}`);
      // What is left in English is the report's own sentences, each declared English.
      if (!messages) {
        const undeclared = await page.$$eval('#result li[data-check], #result .identity, #result ul.warnings li', (all) => all.filter((n) => !n.querySelector('.sentence[lang="en"]') && /: \S/.test(n.textContent)).length);
        assert.equal(undeclared, 0, `verify page, ${name}: every report sentence in English is marked lang="en"`);
      }
    }
    await page.close();

    const demo = await openDemo(BROWSER.fr);
    for (const id of ["#demo-valid-png", "#demo-valid-svg", "#demo-tampered", "#demo-expired"]) {
      const w = await widget(demo.page, id);
      assert.deepEqual(leaks(`${w.mark}\n${w.label}\n${w.ownText}`), [], `widget ${id}`);
    }
    assert.deepEqual(leaks(await demo.page.evaluate(() => document.body.innerText)), [], "demo page");
    await demo.page.close();
  });

  test("the issuer page in French: its form, its messages and a new badge's report, with no English sentence of the catalogs", async () => {
    const english = englishSentences(UI.en, UI.fr);
    const tab = await tabIn(BROWSER.fr);
    const { page, errors } = tab;
    await page.goto(`${env.origin}/issue/`);
    await page.waitForSelector("html[data-ready='true']", { timeout: 20000 });
    assert.equal(await page.getAttribute("html", "lang"), "fr");
    assert.equal((await page.textContent("h1")).trim(), UI.fr["issue.h1-issue-an-open"]);
    assert.equal(await page.textContent("#suite-help"), UI.fr["issue.msg.suite-eddsa-rdfc-2022"]);
    assert.equal(await page.textContent("#key-status"), UI.fr["issue.msg.no-key-yet"]);
    await page.click("#generate-key");
    await page.waitForFunction(() => document.getElementById("key-status").textContent.includes("did:key:"));
    assert.match(await page.textContent("#key-status"), /^Une nouvelle clé Ed25519 a été créée\. Identifiant de l’émetteur : did:key:/);
    await page.fill("#issuer-name", "Académie Kiln");
    await page.fill("#achievement-name", "Chimie des émaux");
    await page.fill("#achievement-description", "Trois émaux préparés, cuits et documentés.");
    await page.fill("#achievement-criteria", "Trois carreaux d’essai.");
    await page.fill("#recipient-name", "Ada Potier");
    await page.click("#sign");
    assert.equal(await verdictOf(page, "#result"), "verified");
    assert.equal((await page.textContent("#result .verdict-title")).trim(), UI.fr["verdict.verified"]);
    assert.match(await page.textContent('#result dd[data-fact="issued-on"]'), new RegExp(`\\d{1,2} \\S+ ${new Date().getUTCFullYear()}`));
    const { text } = await page.evaluate((textOf) => new Function(`return (${textOf})`)()(document.querySelector("main")), TEXT_OF.toString());
    assert.deepEqual(english.filter((e) => text.includes(e)), [], "issuer page");
    await screenshot(page, "i18n-issue-fr");
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("the scan finds English when there is some (the same scan on an English page)", async () => {
    const english = englishSentences(UI.en, UI.fr);
    const { page } = await openVerify("en");
    await check(page, "tampered.png");
    const text = await page.evaluate(() => document.body.innerText);
    assert.ok(english.filter((s) => text.includes(s)).length >= 5);
    await page.close();
  });

  test("report sentences come from the message catalog by id, dates in the reader's locale, the English detail when an id is unknown", async () => {
    const tab = await tabIn(BROWSER.fr);
    const { page } = tab;
    // The page's service worker (registered by the other tests' pages) serves the catalogs it
    // precached, which page.route never sees: this page asks the network.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setBypassServiceWorker", { bypass: true });
    // A French message catalog of this test's own, served in place of the page's.
    await page.route("**/lib/i18n/messages.fr.json", (route) => route.fulfill({
      contentType: "application/json",
      body: JSON.stringify({
        "proof.valid": "La signature {suite} est valide (test).",
        "validity.expired": "Le badge a expiré le {validUntilDate} (test).",
        "status.unreachable": "La liste {url} n’a pas pu être lue (test).",
        "identity.domain": "Le domaine {domain} est confirmé (test).",
        "error.payload-missing": "Aucune attestation dans ce fichier {kind} (test).",
      }),
    }));
    await page.goto(`${env.origin}/`);
    await page.waitForSelector("html[data-ready='true']");
    const shown = await page.evaluate(async () => {
      const { renderReport } = await import("/lib/report-view.js");
      const box = document.getElementById("result");
      const check = (name, outcome, detail, message) => ({ check: name, outcome, detail, message });
      renderReport(box, {
        verdict: "invalid",
        checks: [
          check("proof", "passed", "eddsa-rdfc-2022 signature is valid", { id: "proof.valid", params: { suite: "eddsa-rdfc-2022" } }),
          check("validity", "failed", "expired on 2025-01-01T00:00:00Z", { id: "validity.expired", params: { validUntilDate: "2025-01-01T00:00:00Z" } }),
          check("structure", "passed", "English detail kept", { id: "structure.unknown-to-catalog", params: {} }),
        ],
        warnings: ["Revocation could not be checked: https://status.example/1"],
        warningMessages: [{ id: "status.unreachable", params: { url: "https://status.example/1" } }],
        identity: { status: "domain", detail: "example.org confirmed", message: { id: "identity.domain", params: { domain: "example.org" } } },
        credential: { name: "Test", validFrom: "2024-01-01T00:00:00Z" },
      });
      const first = box.innerText;
      renderReport(box, { verdict: "error", checks: [], warnings: [], error: { code: "payload-missing", message: "No credential in this PNG", params: { kind: "PNG" } } });
      return { first, error: box.innerText };
    });
    assert.match(shown.first, /La signature eddsa-rdfc-2022 est valide \(test\)\./);
    assert.match(shown.first, /Le badge a expiré le 1 janvier 2025 à 01:00 \(test\)\./);
    assert.match(shown.first, /English detail kept/, "an id the catalog lacks: the report's own sentence");
    assert.match(shown.first, /La liste https:\/\/status\.example\/1 n’a pas pu être lue \(test\)\./);
    assert.match(shown.first, /Le domaine example\.org est confirmé \(test\)\./);
    assert.doesNotMatch(shown.first, /signature is valid|expired on/);
    assert.match(shown.error, /Aucune attestation dans ce fichier PNG \(test\)\./);
    await page.close();
  });

  test("the switch changes the language of the page and its report, and is remembered", async () => {
    const { page } = await openVerify("fr");
    assert.equal(await check(page, "valid.png"), "verified");
    assert.equal((await page.textContent("#result .verdict-title")).trim(), UI.fr["verdict.verified"]);
    assert.equal(await page.textContent('label[for="lang"]'), UI.fr["lang.label"]);
    await page.selectOption("#lang", "de");
    await page.waitForSelector("html[lang='de']");
    assert.equal((await page.textContent("h1")).trim(), UI.de["verify.heading"]);
    assert.equal((await page.textContent("#result .verdict-title")).trim(), UI.de["verdict.verified"], "the report shown is drawn again");
    assert.match(await page.textContent('#result dd[data-fact="issued-on"]'), ISSUED.de);
    assert.equal(await page.getAttribute("#result", "data-verdict"), "verified");
    await page.close();

    // Remembered: a new tab of a French browser opens in German, the demo page too, its badges with it.
    const again = await tabIn(BROWSER.fr, { keepChoice: true });
    await again.page.goto(`${env.origin}/`);
    await again.page.waitForSelector("html[data-ready='true']");
    assert.equal(await again.page.getAttribute("html", "lang"), "de");
    assert.equal(await again.page.inputValue("#lang"), "de");
    await again.page.close();
    const demo = await openDemo(BROWSER.fr, { keepChoice: true });
    assert.equal(await demo.page.getAttribute("html", "lang"), "de");
    await demo.page.waitForSelector("#demo-valid-png[data-lang='de']");
    // The demo page's switch: its badges follow the page's lang and draw themselves again.
    await demo.page.selectOption("#lang", "es");
    await demo.page.waitForFunction(() => document.querySelector("#demo-valid-png").dataset.lang === "es");
    const es = await widget(demo.page, "#demo-valid-png");
    assert.ok(es.mark.includes(UI.es["verdict.verified"]), es.mark);
    assert.match(es.issuedOn, ISSUED.es);
    assert.equal(es.verdict, "verified");
    await demo.page.evaluate(() => localStorage.removeItem("kiln-lang"));
    await demo.page.close();
  });

  test("the widget speaks its closest lang attribute and follows it when it changes", async () => {
    const { page } = await openDemo(BROWSER.en);
    await page.evaluate(() => {
      const box = document.createElement("div");
      box.lang = "fr-CA";
      box.id = "box";
      const badge = document.createElement("kiln-badge");
      badge.id = "nested";
      badge.setAttribute("src", "/pkg/demo/valid.png");
      box.append(badge);
      document.querySelector("main").append(box);
    });
    await page.waitForSelector("#nested[data-verdict]");
    const fr = await widget(page, "#nested");
    assert.equal(fr.lang, "fr");
    assert.ok(fr.mark.includes(UI.fr["verdict.verified"]), fr.mark);
    assert.match(fr.issuedOn, /^1 janvier 2024/);
    assert.ok((await widget(page, "#demo-valid-png")).mark.includes(UI.en["verdict.verified"]), "the page's other badges stay in English");
    await page.evaluate(() => {
      document.getElementById("box").lang = "es";
    });
    await page.waitForFunction(() => document.querySelector("#nested").dataset.lang === "es");
    const es = await widget(page, "#nested");
    assert.ok(es.mark.includes(UI.es["verdict.verified"]), es.mark);
    assert.ok(es.details.includes(UI.es["fact.issued-on"]), es.details);
    await page.close();
  });
});
