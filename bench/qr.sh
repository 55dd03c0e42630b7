#!/usr/bin/env bash
# The verification link of a badge made from each shipped template, and the QR
# code that holds it: link length in characters, QR version (level L) and the
# printed width at 0.4 mm a module. One badge per template, suite and recipient
# kind (a name only; a name and a hashed email), made with `kiln issue` and
# measured with `kiln qr` (the link's base: the default, http://127.0.0.1:8080/).
# The link holds only the credential, so the template changes nothing but the
# achievement's name the rows give; the suites and the email change the length.
# Usage: bash bench/qr.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -q -p kiln-cli
kiln="${CARGO_TARGET_DIR:-target}/debug/kiln"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$kiln" keygen -o "$work/key.json" 2>/dev/null
printf '%-8s %-16s %-11s %6s %8s %9s\n' template suite recipient link version printed
for template in crates/kiln-render/templates/*.svg; do
  name=$(basename "$template" .svg)
  cat > "$work/achievement.json" <<JSON
{"id": "https://example.edu/achievements/$name", "type": ["Achievement"], "name": "Kiln Glaze Chemistry ($name)",
 "description": "Mixed, fired and documented three glazes.", "criteria": {"narrative": "Fire three test tiles at cone 6 and write down the recipe of each."}}
JSON
  for suite in eddsa-rdfc-2022 eddsa-jcs-2022; do
    for recipient in name email; do
      if [ "$recipient" = name ]; then printf 'name\nAda Potter\n'; else printf 'name,email\nAda Potter,ada@example.org\n'; fi > "$work/r.csv"
      rm -rf "$work/out"
      "$kiln" issue --template "$template" --key "$work/key.json" --achievement "$work/achievement.json" \
        --recipients "$work/r.csv" --out "$work/out" --suite "$suite" --issuer-name "Kiln Demo Academy" >/dev/null 2>&1
      badge=$(ls "$work"/out/*.png | head -1)
      if text=$("$kiln" qr "$badge" -o "$work/qr.svg" 2>"$work/err"); then
        version=$(sed -n 's/.*QR version \([0-9]*\), .*/\1/p' "$work/err")
        mm=$(sed -n 's/.*print it \([0-9]*\) mm wide.*/\1/p' "$work/err")
        if grep -q "warning:" "$work/err"; then note=" (too long: the code holds the credential's id)"; else note=""; fi
        printf '%-8s %-16s %-11s %6s %8s %6s mm%s\n' "$name" "$suite" "$recipient" "${#text}" "$version" "$mm" "$note"
      else
        printf '%-8s %-16s %-11s %s\n' "$name" "$suite" "$recipient" "no QR code: $(cat "$work/err")"
      fi
    done
  done
done
