#!/usr/bin/env bash
# Renders Kura's icons from the SVG sources in resources/icons/src/ into the files the app and
# electron-builder use. The rendered files are committed, so this only needs to run after an SVG
# changes:
#   bash scripts/build-icons.sh
#
# Needs rsvg-convert (Debian: librsvg2-bin) to draw the SVGs and ImageMagick (Debian: imagemagick) to
# pack .ico files. rsvg-convert draws thin strokes and masks more faithfully than ImageMagick's own
# SVG renderer, which is only used as a fallback.
#
# Outputs (all under resources/):
#   icon.png (1024)            app icon; electron-builder turns it into icon.icns on macOS
#   icon-512.png               window icon on Linux
#   icon.ico                   Windows app/installer icon, 16-256 px
#   icons/linux/NxN.png        Linux icon set (hicolor sizes) for AppImage/deb
#   tray/win/tray-<health>.ico                       16/20/24/32/48 (100-300 % DPI)
#   tray/linux/<22|24|32>/tray-<health>[@2x].png     panel sizes, @2x for HiDPI
#   tray/mac/tray-<health>Template[@2x].png          16 and 32 px, black on transparent
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$root/resources/icons/src"
out="$root/resources"
healths=(never running ok warning partial failed overdue)

# A real ImageMagick: some machines put a stand-in called "convert" earlier on PATH.
im=""
for candidate in /usr/bin/magick /usr/bin/convert /opt/homebrew/bin/magick /usr/local/bin/magick "$(command -v magick || true)" "$(command -v convert || true)"; do
  if [ -n "$candidate" ] && [ -x "$candidate" ] && "$candidate" -version 2>/dev/null | grep -q 'ImageMagick'; then
    im="$candidate"
    break
  fi
done
if [ -z "$im" ]; then
  echo "ImageMagick not found: apt-get install -y imagemagick (or brew install imagemagick)" >&2
  exit 1
fi
rsvg="$(command -v rsvg-convert || true)"
if [ -z "$rsvg" ]; then
  echo "rsvg-convert not found (apt-get install -y librsvg2-bin): falling back to ImageMagick's SVG renderer" >&2
fi

# render <svg> <size> <png>: a square, transparent, metadata-free PNG so re-running gives the same bytes.
render() {
  local svg="$1" size="$2" png="$3"
  mkdir -p "$(dirname "$png")"
  if [ -n "$rsvg" ]; then
    "$rsvg" --width "$size" --height "$size" --keep-aspect-ratio "$svg" --output "$png"
  else
    "$im" -background none -density 384 "$svg" -resize "${size}x${size}" "$png"
  fi
  "$im" "$png" -strip -define png:exclude-chunks=date,time -define png:color-type=6 "$png"
}

# ico <out.ico> <png>...: packs PNGs (largest last is fine; Windows picks by size).
ico() {
  local target="$1"
  shift
  mkdir -p "$(dirname "$target")"
  "$im" "$@" -strip "$target"
}

tmp="$(mktemp -d "${TMPDIR:-/tmp}/kura-icons.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

# --- App icon -----------------------------------------------------------------------------------
# 32 px and below come from the pixel-grid drawing; larger sizes from the detailed one.
app_src() { if [ "$1" -le 32 ]; then echo "$src/app-icon-small.svg"; else echo "$src/app-icon.svg"; fi; }

render "$src/app-icon.svg" 1024 "$out/icon.png"
render "$src/app-icon.svg" 512 "$out/icon-512.png"
for size in 16 24 32 48 64 128 256 512; do
  render "$(app_src "$size")" "$size" "$out/icons/linux/${size}x${size}.png"
done
ico_pngs=()
for size in 16 20 24 32 40 48 64 128 256; do
  render "$(app_src "$size")" "$size" "$tmp/app-$size.png"
  ico_pngs+=("$tmp/app-$size.png")
done
ico "$out/icon.ico" "${ico_pngs[@]}"

# --- Tray icons ---------------------------------------------------------------------------------
for health in "${healths[@]}"; do
  pngs=()
  for size in 16 20 24 32 48; do
    render "$src/tray-$health.svg" "$size" "$tmp/tray-$health-$size.png"
    pngs+=("$tmp/tray-$health-$size.png")
  done
  ico "$out/tray/win/tray-$health.ico" "${pngs[@]}"

  for size in 22 24 32; do
    render "$src/tray-$health.svg" "$size" "$out/tray/linux/$size/tray-$health.png"
    render "$src/tray-$health.svg" $((size * 2)) "$out/tray/linux/$size/tray-$health@2x.png"
  done

  render "$src/tray-$health-template.svg" 16 "$out/tray/mac/tray-${health}Template.png"
  render "$src/tray-$health-template.svg" 32 "$out/tray/mac/tray-${health}Template@2x.png"
done

echo "icons written under $out"
