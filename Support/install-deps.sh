#!/usr/bin/env bash
# Installs the Debian packages Tenderfoot needs that are missing, and nothing else.
# Usage: Support/install-deps.sh [run|test|bench]   (default: run)
set -euo pipefail

# libumockdev-dev for every command: SwiftPM looks up every system library the package names
# (the tests' umockdev one too) and warns about a missing one on any build, `make run`'s as well.
need=(pkg-config libserialport-dev libusb-1.0-0-dev libsqlite3-dev libumockdev-dev)
case "${1:-run}" in
  run) ;;
  test) need+=(umockdev tmux gcc-arm-none-eabi binutils-arm-none-eabi qemu-system-arm chromium fonts-dejavu-core python3 python3-venv) ;;
  bench) need+=(libboost-dev g++ chromium fonts-dejavu-core python3 python3-venv) ;;
  *) echo "usage: $0 [run|test|bench]" >&2; exit 2 ;;
esac

missing=()
for package in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if ((${#missing[@]})); then
  echo "Installing missing packages: ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "error: run as root or install sudo, to install ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v swift >/dev/null || {
  echo "error: no Swift toolchain on PATH — install Swift 6.3 from swift.org, then run this again" >&2
  exit 1
}
