#!/bin/bash
# Installs the peer tools bench:tls compares with (Debian packages), when missing. Not part of npm test.
set -e
need=()
command -v testssl >/dev/null 2>&1 || need+=(testssl.sh)
command -v sslscan >/dev/null 2>&1 || need+=(sslscan)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
echo "peer tools: $(command -v testssl || echo 'testssl missing') $(command -v sslscan || echo 'sslscan missing')"
