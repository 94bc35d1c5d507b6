#!/usr/bin/env bash
# Renders the HTML reports with headless Chromium: each page as a screen screenshot (PNG), printed
# to A4 (PDF) and the PDF's pages as PNGs (pdftoppm), so a person can look at them.
#   scripts/render-html.sh [OUTDIR]          (default: .build/html-render)
# Needs a built binary (swift build), chromium and poppler-utils (scripts/install-deps.sh).
# SOURCE_DATE_EPOCH fixes the date in the footers (default here: 2024-01-01).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-.build/html-render}"
mkdir -p "$out"
bin="${DIMENSIONERING:-.build/debug/dimensionering}"
chromium="$(command -v chromium || command -v chromium-browser || true)"
[ -x "$bin" ] || { echo "no binary at $bin: run swift build" >&2; exit 66; }
[ -n "$chromium" ] || { echo "chromium is not installed: run scripts/install-deps.sh" >&2; exit 69; }
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1704067200}"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT

render() {  # name, then the dimensionering arguments
  local name="$1"; shift
  "$bin" "$@" --format html --output "$out/$name.html"
  local url="file://$(cd "$out" && pwd)/$name.html"
  "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
    --window-size=1200,1700 --screenshot="$out/$name.png" "$url" >/dev/null 2>&1
  "$chromium" --headless --no-sandbox --disable-gpu --user-data-dir="$profile" --no-pdf-header-footer \
    --print-to-pdf="$out/$name.pdf" "$url" >/dev/null 2>&1
  rm -f "$out/$name"-page-*.png
  pdftoppm -r 60 -png "$out/$name.pdf" "$out/$name-page"
  echo "$out/$name: $(ls "$out/$name"-page-*.png | wc -l) A4 pages"
}

render plan-sjaelland plan sosu-2023 --kkr Sjælland
render plan-sosu-2023 plan sosu-2023
render plan-sjaelland-en plan sosu-2023 --kkr Sjælland --lang en
render plan-kl-key plan sosu-2023-kl-key
render plan-paedagog-hovedstaden plan paedagog-hovedstaden-2022-23
render plan-phase-in plan sygeplejerske-sjaelland-phase-in
render compare-dhondt compare sosu-2023 --variant "D'Hondt: method=dhondt"
render compare-phase-in compare sygeplejerske-sjaelland-phase-in
render explain-259 explain sosu-2023 --kommune 259
