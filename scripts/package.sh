#!/usr/bin/env bash
# Packages a built mrplan binary as a .tar.gz and a .deb.
#
#   scripts/package.sh BINARY OUTDIR [--fast]
#
# scripts/release.sh builds the release binary and calls this. The CI test
# (tests/testsuite/install.rs) calls it with the binary `cargo test` built,
# so CI compiles one profile only, and then installs the .deb with dpkg -x.
# The .deb is made by cargo-deb from [package.metadata.deb] in Cargo.toml
# (`cargo install --locked cargo-deb`); --fast packs it with lighter
# compression. Man pages and completions come from the binary itself.
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "brug: scripts/package.sh BINÆR UDMAPPE [--fast]" >&2
  exit 2
fi
repo="$(cd "$(dirname "$0")/.." && pwd)"
bin="$(realpath "$1")"
mkdir -p "$2"
out="$(realpath "$2")"
fast="${3:-}"
version="$("$bin" --version | cut -d' ' -f2)"
arch="$(uname -m)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# cargo-deb takes its files from <target>/release/; CARGO_TARGET_DIR points
# it at this staging folder instead of building.
release="$work/target/release"
pakke="$release/pakke"
mkdir -p "$pakke/man" "$pakke/completions" "$pakke/licenser"
cp "$bin" "$release/mrplan"
"$bin" --quiet man "$pakke/man"
gzip -9n "$pakke"/man/*.1
"$bin" completions bash > "$pakke/completions/mrplan.bash"
"$bin" completions zsh > "$pakke/completions/_mrplan"
"$bin" completions fish > "$pakke/completions/mrplan.fish"
"$bin" completions powershell > "$pakke/completions/mrplan.ps1"

# The fonts built into the binary: the theme's Source Sans 3, and Typst's
# own (typst-assets: Libertinus Serif, New Computer Modern, DejaVu Sans Mono).
cp "$repo/themes/standard/fonts/OFL-SourceSans3.md" "$pakke/licenser/"
assets="$(grep -A1 '^name = "typst-assets"$' "$repo/Cargo.lock" | sed -n 's/^version = "\(.*\)"$/\1/p')"
notice="$(ls "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/"typst-assets-$assets/NOTICE" | head -n1)"
cp "$notice" "$pakke/licenser/typst-assets-NOTICE"

# The .tar.gz: the binary, the README, the licences, man pages and completions.
name="mrplan-$version-$arch-linux"
tree="$work/$name"
mkdir -p "$tree"
strip -o "$tree/mrplan" "$bin"
cp "$repo/README.md" "$tree/"
cp -r "$pakke/licenser" "$pakke/man" "$pakke/completions" "$tree/"
tar -C "$work" --owner=0 --group=0 --numeric-owner --sort=name -czf "$out/$name.tar.gz" "$name"
echo "$out/$name.tar.gz"

# The .deb.
(cd "$repo" && CARGO_TARGET_DIR="$work/target" cargo deb --no-build $fast --output "$out/")
