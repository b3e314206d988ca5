#!/usr/bin/env bash
# Builds litellm-users as one Native AOT executable: artifacts/native/<rid>/litellm-users
# (litellm-users.exe for win-*). It needs no .NET to run. Trim and AOT warnings are errors here,
# so a binary that exists is one the compiler could fully analyse.
#
#   eng/publish-native.sh [rid]        rid: linux-x64 (default), linux-arm64, osx-arm64, win-x64
#
# Needs the .NET SDK (global.json) and the platform's native toolchain: clang or gcc with zlib
# headers on Linux (Debian: clang or gcc, zlib1g-dev), Xcode's command-line tools on macOS,
# Visual Studio's C++ build tools on Windows. Build each rid on a machine of that OS and CPU:
# Native AOT does not cross-compile between operating systems. .github/workflows/release.yml
# runs this script unchanged on each platform's runner.
set -euo pipefail
cd "$(dirname "$0")/.."

rid="${1:-linux-x64}"
max_mb=60
exe="litellm-users"
case "$rid" in
  win-*) exe="litellm-users.exe" ;;
esac

publish_dir="artifacts/publish/$rid"
out_dir="artifacts/native/$rid"
rm -rf "$publish_dir" "$out_dir"

dotnet publish src/LiteLlm.Users.Cli -c Release -r "$rid" -p:PublishAot=true \
  -p:TreatWarningsAsErrors=true -p:IlcTreatWarningsAsErrors=true \
  -o "$publish_dir"

# Ship the executable alone (the publish folder also holds debug symbols and XML docs).
mkdir -p "$out_dir"
cp "$publish_dir/$exe" "$out_dir/$exe"

size_bytes=$(wc -c <"$out_dir/$exe" | tr -d ' ')
size_mb=$(( (size_bytes + 1048575) / 1048576 ))
echo "Built $out_dir/$exe ($size_mb MB)"
if [ "$size_mb" -gt "$max_mb" ]; then
  echo "error: $out_dir/$exe is $size_mb MB, over the $max_mb MB target." >&2
  exit 1
fi

# When the binary is for this machine, show that it runs.
host_os=$(uname -s)
host_cpu=$(uname -m)
case "$host_os/$host_cpu" in
  Linux/x86_64) host_rid=linux-x64 ;;
  Linux/aarch64) host_rid=linux-arm64 ;;
  Darwin/arm64) host_rid=osx-arm64 ;;
  MINGW*/x86_64|MSYS*/x86_64|CYGWIN*/x86_64) host_rid=win-x64 ;;
  *) host_rid=unknown ;;
esac
if [ "$rid" = "$host_rid" ]; then
  "$out_dir/$exe" --version
fi
