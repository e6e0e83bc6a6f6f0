#!/usr/bin/env bash
# Builds a release of mrplan into dist/: a .tar.gz (binary, README, the
# bundled fonts' licences, man pages, completions) and a .deb (binary in
# /usr/bin, man pages in /usr/share/man/man1, completions for bash, zsh and
# fish in their standard folders, README and licences in /usr/share/doc/mrplan).
#
#   scripts/release.sh
#
# Needs cargo-deb once: cargo install --locked cargo-deb
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo-deb >/dev/null || {
  echo "fejl: cargo-deb mangler. Installér det med: cargo install --locked cargo-deb" >&2
  exit 2
}
cargo build --release --locked
scripts/package.sh target/release/mrplan dist
