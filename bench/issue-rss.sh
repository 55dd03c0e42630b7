#!/usr/bin/env bash
# Peak memory (RSS) and time of `kiln issue` on ROWS recipients, streamed:
# memory should not grow with ROWS. Prints GNU time's figures.
# Usage: bash bench/issue-rss.sh ROWS [png|svg] [WORKDIR]   (release build; needs /usr/bin/time)
# WORKDIR (default: a temporary folder) must hold the badges: about 7 KB
# each for SVG, 30 KB for PNG; it is emptied afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:?rows}
format=${2:-svg}
work=${3:-$(mktemp -d)}
mkdir -p "$work"
cargo build --release -q -p kiln-cli
target=${CARGO_TARGET_DIR:-target}
kiln="$(pwd)/$target/release/kiln"
[ -x "$kiln" ] || kiln="$target/release/kiln"
trap 'rm -rf "$work/out"' EXIT
"$kiln" keygen --force -o "$work/key.json" 2>/dev/null
cat > "$work/achievement.json" <<'JSON'
{"id": "https://example.edu/achievements/robotics-2", "type": ["Achievement"], "name": "Robotics Level 2",
 "description": "Builds and programs a line-following robot.", "criteria": {"narrative": "Pass the practical assessment."}}
JSON
awk -v n="$rows" 'BEGIN { print "name,email"; for (i = 1; i <= n; i++) printf "Learner Nº%d Ångström-Παπαδόπουλος,learner%d@example.org\n", i, i }' > "$work/recipients.csv"
rm -rf "$work/out"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $rows rows, $format; CSV $(stat -c %s "$work/recipients.csv") bytes"
/usr/bin/time -v "$kiln" issue --template crates/kiln-render/templates/hexagon.svg --key "$work/key.json" \
  --achievement "$work/achievement.json" --recipients "$work/recipients.csv" --out "$work/out" \
  --format "$format" --issuer-name "Académie Ωmega" \
  --status-list https://example.edu/status/1 --status-index 0 2>&1 |
  grep -E "^kiln: issued|Maximum resident|Elapsed|User time|System time|Exit status"
echo "output: $(du -sh "$work/out" | cut -f1), $(ls "$work/out" | wc -l) files"
