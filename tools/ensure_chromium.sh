#!/usr/bin/env bash
# Make sure Debian's Chromium is on PATH for the e2e browser test (Playwright's own browser download is never used).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing chromium with apt-get (needed by tests/e2e) ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
  command -v chromium >/dev/null 2>&1 && exit 0
  echo "apt-get finished but 'chromium' is still not on PATH." >&2
  exit 1
fi
echo "tests/e2e needs a Chromium browser on PATH as 'chromium'." >&2
echo "Install it, e.g. 'sudo apt-get install chromium' (Debian/Ubuntu), then run 'make test' again." >&2
exit 1
