// The site's script: the widget comes from the installed package, bundled by esbuild or Vite.
import { KilnBadge } from "kiln-badge";

const badge = document.querySelector("kiln-badge");
badge.addEventListener("kiln-verified", (event) => {
  document.body.dataset.verdict = event.detail.verdict;
  document.body.dataset.sameReport = String(event.detail === badge.report);
});
document.body.dataset.elementDefined = String(customElements.get("kiln-badge") === KilnBadge);
