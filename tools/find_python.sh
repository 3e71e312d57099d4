#!/usr/bin/env bash
# Print the path of a Python interpreter >= 3.12 (plain python3.x on PATH, else pyenv's).
set -u
is_ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }
for candidate in "${PYTHON:-}" python3.12 python3.13 python3; do
  [ -n "$candidate" ] || continue
  path=$(command -v "$candidate" 2>/dev/null) || continue
  # pyenv shims exist for every installed version but fail unless that version is selected.
  if is_ok "$path"; then echo "$path"; exit 0; fi
done
pyenv_root=${PYENV_ROOT:-$HOME/.pyenv}
for version_dir in $(ls -d "$pyenv_root"/versions/3.1[2-9]* 2>/dev/null | sort -V); do
  if is_ok "$version_dir/bin/python"; then echo "$version_dir/bin/python"; exit 0; fi
done
echo "IKZ-Sim needs Python >= 3.12; none found (tried python3.12, python3.13, python3, pyenv)." >&2
exit 2
