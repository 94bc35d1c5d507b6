#!/usr/bin/env bash
# Installs the system packages the build and the tests need, if they are missing:
#   libglpk-dev  GLPK's library and header (the CGLPK module links -lglpk)
#   glpk-utils   the stock glpsol binary (tests prove exported models reproduce allocations)
set -euo pipefail
need=()
for pkg in libglpk-dev glpk-utils; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0
echo "installing ${need[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
