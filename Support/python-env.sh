#!/usr/bin/env bash
# The Python the research tests read exports and LSL streams with: a virtual environment in
# .build/python with pyxdf, pandas and pylsl (which carries liblsl) from PyPI, made once and kept
# with the build. Debian's python3 and its venv module come from install-deps.sh test.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build/python
packages=(pyxdf==1.17.5 pandas==3.1.1 pylsl==1.18.6 playwright==1.65.2)
if [ -x "$venv/bin/python3" ] && "$venv/bin/python3" -c "import pyxdf, pandas, pylsl, playwright" 2>/dev/null; then
  exit 0
fi
echo "Making the research tests' Python environment in $venv (pyxdf, pandas, pylsl and playwright from PyPI)"
rm -rf "$venv"
/usr/bin/python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "${packages[@]}"
