#!/usr/bin/env bash
# Installs the system packages the build and the tests need, if they are missing:
#   libglpk-dev        GLPK's library and header (the CGLPK module links -lglpk)
#   glpk-utils         the stock glpsol binary (tests prove exported models reproduce allocations)
#   libxlsxwriter-dev  libxlsxwriter's library, header and pkg-config file (the CXLSXWriter module)
#   poppler-utils      pdfinfo, pdftoppm, pdftotext (tests print the HTML annex to A4 and read it back)
#   openssl            an independent SHA-256 for the HTML report's Content-Security-Policy test
# and openpyxl for the python3 on PATH: the independent reader the Spreadsheet tests check
# written workbooks with (scripts/xlsx-dump.py).
set -euo pipefail
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
need=()
for pkg in libglpk-dev glpk-utils libxlsxwriter-dev poppler-utils openssl; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
updated=""
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}" >&2
  $sudo apt-get update -qq
  updated=1
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
if ! python3 -c 'import openpyxl' >/dev/null 2>&1; then
  echo "installing openpyxl" >&2
  # pip for a python3 of its own (pyenv, venv); Debian's package for the system python3,
  # which refuses pip installs (PEP 668).
  if ! python3 -m pip install -q --disable-pip-version-check 'openpyxl>=3.0,<4' >/dev/null 2>&1; then
    [ -n "$updated" ] || $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-openpyxl >/dev/null
  fi
  python3 -c 'import openpyxl' || { echo "python3 cannot import openpyxl after installing it" >&2; exit 1; }
fi
