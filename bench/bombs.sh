#!/usr/bin/env bash
# Hostile inputs against `kiln verify`: SVG entity bombs (dressed several
# ways), an external entity, a quadratic blowup, a 4 MB credential of about
# 195,000 small JSON values, a 100,000-deep JSON array and a duplicate member.
# Each should be refused in well under a second with under 100 MB peak memory.
# Prints, per input: its size, kiln's exit status, elapsed time, max RSS and
# the one-line error.
#
# Usage: bash bench/bombs.sh [--debug]   (a release build of kiln-cli by default;
#        KILN=/path/to/kiln to use a binary already built)
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
profile=release
[ "${1:-}" = "--debug" ] && profile=debug

if [ -z "${KILN:-}" ]; then
  if [ "$profile" = release ]; then
    cargo build -q -p kiln-cli --release
  else
    cargo build -q -p kiln-cli
  fi
  KILN="$target/$profile/kiln"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" tests/fixtures/verify/1edtech-simple.json <<'PY'
import json, sys, os
out, credential = sys.argv[1], sys.argv[2]

def laughs(levels, fan, base):
    subset = [f'<!ENTITY e0 "{"x" * base}">']
    for i in range(1, levels + 1):
        subset.append(f'<!ENTITY e{i} "{f"&e{i-1};" * fan}">')
    return "\n".join(subset)

def badge(prolog, use):
    return (prolog + '<svg xmlns="http://www.w3.org/2000/svg" '
            'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">'
            f'<openbadges:credential>{use}</openbadges:credential></svg>')

decl = '<?xml version="1.0"?>\n'
# About 50 KB: twelve levels, each a thousand references to the one below.
wide = laughs(12, 1000, 10)
cases = {
    "svg-laughs-plain.svg": badge(f"{decl}<!DOCTYPE svg [\n{wide}\n]>\n", "&e12;"),
    "svg-laughs-behind-pi.svg": badge(f"{decl}<?note <!DOCTYPE svg> ?>\n<!DOCTYPE svg [\n{wide}\n]>\n", "&e12;"),
    "svg-laughs-behind-comment.svg": badge(f"{decl}<!-- <!DOCTYPE svg> -->\n<!DOCTYPE svg [\n{wide}\n]>\n", "&e12;"),
    "svg-laughs-fake-doctype-in-comment.svg": badge(
        f'{decl}<!-- <!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd"> -->\n<!DOCTYPE svg [\n{wide}\n]>\n', "&e12;"),
    "svg-laughs-pi-in-subset.svg": badge(f"{decl}<!DOCTYPE svg [\n<?pi ]> ?>\n<!-- ]> -->\n{wide}\n]>\n", "&e12;"),
    "svg-parameter-entities.svg": badge(
        "<!DOCTYPE svg [\n<!ENTITY % p \"<!ENTITY e0 'xxxxxxxxxx'>\">\n%p;\n]>\n", "&e0;"),
    "svg-external-entity.svg": badge(
        '<!DOCTYPE svg [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n', "&xxe;"),
    "svg-quadratic.svg": badge(f'<!DOCTYPE svg [<!ENTITY big "{"x" * 50000}">]>', "&big;" * 3000),
}
for name, text in cases.items():
    open(os.path.join(out, name), "w").write(text)

doc = json.load(open(credential))
doc.pop("proof", None)
doc["credentialSubject"]["extra"] = [{"type": "x", "v": "y" * 40}] * 65000
open(os.path.join(out, "json-195k-values.json"), "w").write(json.dumps(doc, separators=(",", ":")))
open(os.path.join(out, "json-100k-deep.json"), "w").write('{"a":' + "[" * 100000)
open(os.path.join(out, "json-duplicate-name.json"), "w").write(
    '{"name":"Forged",' + json.dumps(json.load(open(credential)))[1:])
PY

echo "kiln: $KILN ($profile); $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
printf '%-42s %9s %4s %9s %9s  %s\n' input bytes exit seconds "max RSS" error
for f in "$work"/*; do
  name=$(basename "$f")
  set +e
  /usr/bin/time -v -o "$work/.time" "$KILN" verify --offline "$f" >/dev/null 2>"$work/.err"
  code=$?
  set -e
  elapsed=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/.time")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f MB", $2 / 1024}' "$work/.time")
  # m:ss.cc -> seconds
  secs=$(echo "$elapsed" | awk -F: '{ if (NF == 3) printf "%.2f", $1 * 3600 + $2 * 60 + $3; else printf "%.2f", $1 * 60 + $2 }')
  printf '%-42s %9s %4s %9s %9s  %s\n' "$name" "$(stat -c %s "$f")" "$code" "$secs" "$rss" \
    "$(head -c 150 "$work/.err" | head -1)"
  rm -f "$work/.time" "$work/.err"
done
