#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine for briefing, idempotently:
# system packages (fonts found through fontconfig; tools the tests read
# outputs back with), then a virtual environment in .venv/ with the package.
#   scripts/setup.sh          what building needs
#   scripts/setup.sh --test   also what the tests need
#   scripts/setup.sh --bench  also what the benchmark compares with (pandoc)
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
# icc-profiles-free: the sRGB profile of the PDF/A output intent (briefing/writers/pdf/tagging/archival.py).
packages=(fontconfig fonts-liberation2 fonts-dejavu-core fonts-ipaexfont-mincho fonts-ipaexfont-gothic
          fonts-arphic-uming fonts-wqy-zenhei fonts-nanum icc-profiles-free)
# Debian's own Python needs python3-venv for `python3 -m venv`.
"$python" -c "import ensurepip, venv" 2>/dev/null || packages+=(python3-venv)
mode="${1:-}"
tests=""
[ "$mode" = "--test" ] || [ "$mode" = "--bench" ] && tests=yes
if [ -n "$tests" ]; then
  # omegat: a real CAT tool for the XLIFF tests; hyphen-*: the patterns LibreOffice hyphenates the Word
  # drafts with when the tests read them back; chromium: the browser tests drive Debian's build (Playwright
  # downloads none of its own); npm: installs axe-core, the accessibility checker those tests inject, and
  # pdf.js (pdfjs-dist), whose reading of a PDF's structure tree the PDF tests compare with poppler's;
  # python3-uno: the absorb tests edit a Word draft through LibreOffice's own API (run by /usr/bin/python3);
  # libreoffice-writer, not -nogui: the no-GUI variant lacks the comment window's UI files and crashes
  # saving a comment made through UNO.
  packages+=(poppler-utils qpdf libreoffice-writer omegat hyphen-ru hyphen-en-gb chromium python3-uno)
  command -v npm >/dev/null || packages+=(npm)
fi
# pandoc: the peer `python -m bench` measures the HTML page and the Word draft against.
[ "$mode" = "--bench" ] && packages+=(pandoc)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

[ -x .venv/bin/python ] || "$python" -m venv .venv
# Reinstall only when the project's dependencies changed.
stamp=".venv/.briefing-installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -e "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  # A path entry (.pth) rather than an import hook: every start of the tool
  # is about 15 ms faster, which the benchmark measures.
  .venv/bin/python -m pip install -q -e '.[test]' --config-settings editable_mode=compat 2>/dev/null \
    || .venv/bin/python -m pip install -q -e '.[test]'
  rm -f .venv/.briefing-installed-*
  touch "$stamp"
fi

if [ -n "$tests" ]; then
  # axe-core and pdfjs-dist at the versions package-lock.json pins, into node_modules/ (git-ignored).
  lock="node_modules/.briefing-installed-$(sha256sum package-lock.json | cut -c1-16)"
  if [ ! -e "$lock" ]; then
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
    touch "$lock"
  fi
fi
