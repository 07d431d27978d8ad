#!/usr/bin/env bash
# System packages Caveat's checks need (Debian). Installs only what is missing,
# and only when it can (root or sudo); otherwise says what to install.
set -euo pipefail

need=()
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)   # HermiT, for `caveat check`
command -v chromium >/dev/null 2>&1 || need+=(chromium)            # the report's browser test
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v rapper >/dev/null 2>&1 || need+=(raptor2-utils)         # a second RDF parser for export tests

[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "caveat: please install: ${need[*]}" >&2; exit 0
fi
echo "caveat: installing ${need[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
