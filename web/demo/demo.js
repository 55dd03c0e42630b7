// The demo page in the reader's language, with its switch (lib/i18n.js); the badges follow
// the page's <html lang>, which the switch sets.
import { startPageLanguage } from "../lib/i18n.js";

startPageLanguage().finally(() => {
  document.documentElement.dataset.ready = "true";
});
