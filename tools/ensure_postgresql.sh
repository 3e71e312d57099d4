#!/usr/bin/env bash
# Make sure PostgreSQL's server programs (initdb, pg_ctl) are installed for the participation store's tests,
# which start a throw-away cluster on a temporary folder (tests/postgres_server.py). Nothing is started here.
set -euo pipefail
has_server() {
  command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1 && return 0
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null
}
if has_server; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing postgresql with apt-get (needed by tests/test_participation_store.py) ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # The package's own cluster is not needed; the tests start their own on a free port.
  apt-get install -y -qq postgresql >/dev/null
  has_server && exit 0
  echo "apt-get finished but initdb is still missing." >&2
  exit 1
fi
echo "The PostgreSQL tests need initdb and pg_ctl (Debian: 'sudo apt-get install postgresql');" >&2
echo "without them they are skipped with this reason." >&2
exit 0
