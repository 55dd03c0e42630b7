// The pages and the widget in several languages. Two catalogs per language,
// beside this module: i18n/ui.<lang>.json (the pages' own words: buttons,
// headings, verdicts, hints) and i18n/messages.<lang>.json (the report's
// sentences, keyed by the stable ids the verifier gives each check outcome).
// Both are flat JSON objects: { "<id>": "text with {param} placeholders" }.
// They are found where lib/home.js says (the folder holding lib/, as for the
// verifier's modules), or under a widget's base attribute.
//
// The language: a choice made with a page's switch (kept in localStorage),
// then the page's <html lang> (or, for the widget, its closest lang
// attribute), then the browser's languages, then English. Kiln's own pages
// mark their <html> with data-lang-auto: their lang="en" says only what the
// markup is written in, so the browser's language decides there.
//
// Every text goes into the page through textContent (dom.js `el`, or
// `translatePage` below), never as markup: a catalog cannot add elements.

import { homeOf } from "./home.js";

export const LANGUAGES = ["en", "fr", "de", "es"];

/** Each language's name in itself, for the switch. */
export const LANGUAGE_NAMES = { en: "English", fr: "Français", de: "Deutsch", es: "Español" };

const STORAGE_KEY = "kiln-lang";

/** The supported language a BCP 47 tag ("fr-CA", "de") asks for, or null. */
export function supported(tag) {
  const primary = String(tag ?? "").trim().toLowerCase().split(/[-_]/)[0];
  return LANGUAGES.includes(primary) ? primary : null;
}

/** The language chosen with a page's switch, or null. */
export function savedLanguage() {
  try {
    return supported(globalThis.localStorage?.getItem(STORAGE_KEY));
  } catch {
    return null; // storage refused (a sandboxed frame, a private mode): no saved choice
  }
}

/** Keeps `lang` as the reader's choice for the next visits. */
export function saveLanguage(lang) {
  const chosen = supported(lang);
  if (chosen === null) return;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, chosen);
  } catch {
    // storage refused: the choice lasts for this page only
  }
}

/** The first of the browser's languages Kiln speaks, or null. */
export function browserLanguage() {
  const nav = globalThis.navigator;
  const list = Array.isArray(nav?.languages) && nav.languages.length > 0 ? nav.languages : [nav?.language];
  for (const tag of list) {
    const lang = supported(tag);
    if (lang) return lang;
  }
  return null;
}

/** The lang attribute that speaks for `node`: its own or its closest ancestor's, unless that is an auto page's <html>. */
function declaredLanguage(node) {
  const holder = node?.closest?.("[lang]") ?? null;
  if (holder === null) return null;
  if (holder === holder.ownerDocument?.documentElement && holder.hasAttribute("data-lang-auto")) return null;
  return supported(holder.getAttribute("lang"));
}

/** The language of one of Kiln's pages: the saved choice, the page's lang, the browser's, English. */
export function pageLanguage(doc = globalThis.document) {
  return savedLanguage() ?? declaredLanguage(doc?.documentElement) ?? browserLanguage() ?? "en";
}

/** The language of an element on any page (the widget): its closest lang, the browser's, English. */
export function languageOf(node) {
  return declaredLanguage(node) ?? browserLanguage() ?? "en";
}

/** The locale dates and numbers are written in: the browser's own variant of `lang` (fr-CA, en-GB) when it has one. */
export function localeFor(lang) {
  const nav = globalThis.navigator;
  const list = Array.isArray(nav?.languages) ? nav.languages : [nav?.language];
  const own = list.find((tag) => typeof tag === "string" && supported(tag) === lang);
  try {
    return own ? Intl.getCanonicalLocales(own)[0] : lang;
  } catch {
    return lang;
  }
}

const catalogs = new Map();

/** A catalog in lib/i18n/ under `home` (lib/home.js), fetched once per page; null when it is missing or not a flat object of strings. */
function catalog(name, home) {
  const url = new URL(`lib/i18n/${name}`, home);
  if (!catalogs.has(url.href)) {
    // From a file: URL (Node, where the pages' modules are tested and used by scripts) as a JSON module.
    const read = url.protocol === "file:"
      ? import(url.href, { with: { type: "json" } }).then((m) => m.default)
      : fetch(url).then((r) => (r.ok ? r.json() : null));
    catalogs.set(url.href, read
      .then((json) => (json !== null && typeof json === "object" && !Array.isArray(json) ? json : null))
      .catch(() => null));
  }
  return catalogs.get(url.href);
}

const own = (object, key) => (object !== null && Object.hasOwn(object, key) && typeof object[key] === "string" ? object[key] : null);

/** Whether a message parameter holds a timestamp (its name is `date` or ends in `Date`). */
const isDateParam = (name) => name === "date" || name.endsWith("Date");

/**
 * A translator for `lang`, once its catalogs (and English, for what they lack) are loaded.
 * @param {string} lang
 * @param {{ base?: string | URL | null }} [options] base: the folder holding lib/ (a
 *   widget's base attribute); by default lib/home.js's (setBase, or beside the script)
 * @returns {Promise<Translator>}
 */
export async function translator(lang, { base = null } = {}) {
  const chosen = supported(lang) ?? "en";
  const home = homeOf(base);
  const [ui, uiEn, messages, messagesEn] = await Promise.all([
    catalog(`ui.${chosen}.json`, home), catalog("ui.en.json", home), catalog(`messages.${chosen}.json`, home), catalog("messages.en.json", home),
  ]);
  return makeTranslator(chosen, { ui, uiEn, messages, messagesEn });
}

/**
 * @typedef {object} Translator
 * @property {string} lang
 * @property {string} locale
 * @property {(key: string, params?: Record<string, unknown>) => string} t a UI text
 * @property {(message: unknown, fallback?: unknown) => string} message a report sentence
 * @property {(message: unknown, fallback?: unknown) => { text: string, lang: string }} messageIn a report sentence and
 *   the language it is in (English when it is the report's own sentence, for want of a template)
 * @property {(value: unknown) => string} date a day ("5 mars 2024"), or the text when it is not a date
 * @property {(value: unknown) => string} dateTime a day and time, or the text when it is not a date
 * @property {(value: number) => string} number
 */

/** A translator from catalogs already loaded (null for a missing one). */
export function makeTranslator(lang, { ui = null, uiEn = null, messages = null, messagesEn = null } = {}) {
  const locale = localeFor(lang);
  const formats = {};
  const format = (kind, options) => (formats[kind] ??= new Intl.DateTimeFormat(locale, options));
  const numbers = new Intl.NumberFormat(locale);
  const asDate = (value) => {
    if (typeof value !== "string" && !(value instanceof Date)) return null;
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? null : d;
  };
  const date = (value) => {
    const d = asDate(value);
    return d ? format("date", { dateStyle: "long" }).format(d) : String(value ?? "");
  };
  const dateTime = (value) => {
    const d = asDate(value);
    return d ? format("dateTime", { dateStyle: "long", timeStyle: "short" }).format(d) : String(value ?? "");
  };
  const fill = (template, params, dates) => template.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name) => {
    if (params === null || typeof params !== "object" || !Object.hasOwn(params, name)) return whole;
    const value = params[name];
    if (typeof value === "number") return numbers.format(value);
    if (dates && isDateParam(name)) return dateTime(value);
    return String(value ?? "");
  });
  return {
    lang,
    locale,
    t(key, params) {
      const template = own(ui, key) ?? own(uiEn, key);
      return template === null ? key : fill(template, params ?? null, false);
    },
    message(message, fallback) {
      return this.messageIn(message, fallback).text;
    },
    messageIn(message, fallback) {
      const id = typeof message?.id === "string" ? message.id : null;
      const params = message?.params !== null && typeof message?.params === "object" ? message.params : {};
      const template = id === null ? null : own(messages, id);
      const hasFallback = typeof fallback === "string" && fallback !== "";
      // A template whose params the report lacks is not used when the report's own sentence is there.
      const complete = (text) => [...text.matchAll(/\{([A-Za-z0-9_]+)\}/g)].every((m) => Object.hasOwn(params, m[1]));
      if (template !== null && (complete(template) || !hasFallback)) return { text: fill(template, params, true), lang };
      if (hasFallback) return { text: fallback, lang: "en" };
      const english = id === null ? null : own(messagesEn, id);
      return { text: english === null ? "" : fill(english, params, true), lang: "en" };
    },
    date,
    dateTime,
    number: (value) => numbers.format(value),
  };
}

/**
 * Puts the translations into the page's own markup: each element with
 * data-i18n="key" gets that text; when the element holds children marked
 * data-slot="name", the text's {name} placeholders become those children
 * (moved, never re-parsed). data-i18n-label, data-i18n-title and
 * data-i18n-alt set aria-label, title and alt.
 * @param {Translator} tr
 * @param {ParentNode} root
 */
export function translatePage(tr, root = globalThis.document) {
  for (const node of root.querySelectorAll("[data-i18n]")) {
    const key = node.getAttribute("data-i18n");
    const slots = new Map([...node.querySelectorAll(":scope [data-slot]")].map((s) => [s.getAttribute("data-slot"), s]));
    const text = tr.t(key);
    if (slots.size === 0) {
      node.textContent = text;
      continue;
    }
    const parts = [];
    let last = 0;
    for (const m of text.matchAll(/\{([A-Za-z0-9_]+)\}/g)) {
      const slot = slots.get(m[1]);
      if (!slot) continue;
      parts.push(text.slice(last, m.index), slot);
      last = m.index + m[0].length;
    }
    parts.push(text.slice(last));
    node.replaceChildren(...parts.filter((p) => p !== ""));
  }
  for (const [attribute, target] of [["data-i18n-label", "aria-label"], ["data-i18n-title", "title"], ["data-i18n-alt", "alt"], ["data-i18n-placeholder", "placeholder"]]) {
    for (const node of root.querySelectorAll(`[${attribute}]`)) node.setAttribute(target, tr.t(node.getAttribute(attribute)));
  }
}

let pageTr = null;

/** The page's translator, once `startPageLanguage` has loaded it (null before). */
export const pageTranslator = () => pageTr;

/**
 * Sets one of Kiln's pages in its language: loads the catalogs, sets
 * <html lang>, translates the markup and fills the language switch (a
 * <select id="lang"> with its <label>). When the reader picks another
 * language, the choice is saved, the page translated again, and
 * `onChange(tr)` called so the page redraws what it made itself. Each time
 * the page's language is set (at first, and at each change), a
 * "kiln-language" event ({ detail: { lang } }) is fired on the document.
 * @param {{ onChange?: (tr: Translator) => void }} [options]
 * @returns {Promise<Translator>}
 */
export async function startPageLanguage({ onChange } = {}) {
  const doc = globalThis.document;
  const apply = async (lang) => {
    const tr = await translator(lang);
    pageTr = tr;
    doc.documentElement.lang = tr.lang;
    doc.documentElement.removeAttribute("data-lang-auto");
    translatePage(tr, doc);
    const select = doc.getElementById("lang");
    if (select) select.value = tr.lang;
    doc.dispatchEvent(new CustomEvent("kiln-language", { detail: { lang: tr.lang } }));
    return tr;
  };
  const select = doc.getElementById("lang");
  if (select && select.options.length === 0) {
    for (const lang of LANGUAGES) {
      const option = doc.createElement("option");
      option.value = lang;
      option.lang = lang;
      option.textContent = LANGUAGE_NAMES[lang];
      select.append(option);
    }
    select.addEventListener("change", async () => {
      saveLanguage(select.value);
      const tr = await apply(select.value);
      onChange?.(tr);
    });
  }
  return apply(pageLanguage(doc));
}
