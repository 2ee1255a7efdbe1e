#!/usr/bin/env bash
# Packs Kullback, Kullback.Learning and the RID-specific Kullback.Tool packages into a temporary folder, fails on any
# pack warning or a package over 25 MB, installs the tool from there into a temporary tool path and runs
# `kullback train --epochs 1` from outside the repository (the bundled digits). Prints each package's size and checks the
# library packages' metadata (licence, readme, repository commit, symbol package).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dotnet pack Kullback.slnx -c Release -o "$tmp/packages" > "$tmp/pack.log" 2>&1 || { tail -n 30 "$tmp/pack.log"; exit 1; }
if grep -E ': warning [A-Z]+[0-9]+' "$tmp/pack.log"; then echo "pack printed warnings"; exit 1; fi
status=0
for p in "$tmp"/packages/*.nupkg "$tmp"/packages/*.snupkg; do
  size=$(stat -c %s "$p")
  printf '%10d  %s\n' "$size" "$(basename "$p")"
  if [ "$size" -gt $((25 * 1024 * 1024)) ]; then echo "over 25 MB: $(basename "$p")"; status=1; fi
done
# Metadata of the library packages (docs/packaging.md): licence, readme inside, repository commit, a symbol package.
for id in Kullback Kullback.Learning Kullback.Onnx; do
  nupkg=$(ls "$tmp"/packages/"$id".[0-9]*.nupkg)
  nuspec=$(unzip -p "$nupkg" "$id.nuspec")
  for want in '<license type="expression">MIT</license>' '<readme>README.md</readme>' '<repository type="git"' '<description>' '<projectUrl>'; do
    grep -qF "$want" <<< "$nuspec" || { echo "$id: .nuspec lacks $want"; status=1; }
  done
  grep -q 'commit="[0-9a-f]\{40\}"' <<< "$nuspec" || { echo "$id: .nuspec has no repository commit"; status=1; }
  unzip -l "$nupkg" | grep -q ' README.md$' || { echo "$id: README.md is not in the package"; status=1; }
  [ -f "${nupkg%.nupkg}.snupkg" ] && unzip -l "${nupkg%.nupkg}.snupkg" | grep -q "lib/net10.0/$id.pdb" \
    || { echo "$id: no .snupkg with lib/net10.0/$id.pdb"; status=1; }
done
version=$(ls "$tmp"/packages/Kullback.Tool.[0-9]*.nupkg | sed 's/.*Kullback\.Tool\.\(.*\)\.nupkg/\1/')
dotnet tool install --tool-path "$tmp/tool" --add-source "$tmp/packages" Kullback.Tool --version "$version"
(cd "$tmp" && ./tool/kullback train --epochs 1 | tail -n 1)
exit $status
