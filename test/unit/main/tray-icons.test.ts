/**
 * The rendered icon files (committed output of scripts/build-icons.sh): right sizes, valid formats,
 * colour where colour carries the health, pure black masks where macOS needs templates.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRAY_HEALTHS, trayIconFile, type Health } from '../../../electron/main/tray/tray-model.js';
import { icoSizes, pixel, pngSize, readPng, type RgbaImage } from './read-png.js';

const resources = fileURLToPath(new URL('../../../resources/', import.meta.url));
const read = (rel: string) => readFileSync(join(resources, rel));
const at2x = (rel: string) => rel.replace(/\.png$/, '@2x.png');

describe('app icon', () => {
  it('has a 1024 px PNG (macOS builds icon.icns from it), a 512 px PNG and a 16-256 px .ico', () => {
    expect(pngSize(read('icon.png'))).toEqual({ width: 1024, height: 1024 });
    expect(pngSize(read('icon-512.png'))).toEqual({ width: 512, height: 512 });
    expect(icoSizes(read('icon.ico'))).toEqual([16, 20, 24, 32, 40, 48, 64, 128, 256]);
  });

  it('has the Linux hicolor set', () => {
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512]) {
      expect(pngSize(read(`icons/linux/${size}x${size}.png`))).toEqual({ width: size, height: size });
    }
  });

  it('is opaque in the middle and transparent in the corners (a tile, not a square)', () => {
    const img = readPng(read('icon-512.png'));
    expect(pixel(img, 256, 256)[3]).toBe(255);
    expect(pixel(img, 2, 2)[3]).toBe(0);
  });
});

/** Colour of the badge just above its lower edge, clear of every symbol (32-unit design grid: 24, 29.6). */
function badgeColour(img: RgbaImage): [number, number, number, number] {
  return pixel(img, Math.floor((24.3 / 32) * img.width), Math.floor((29.4 / 32) * img.height));
}

function hue([r, g, b]: [number, number, number, number]): 'green' | 'blue' | 'amber' | 'orange' | 'red' | 'grey' | 'other' {
  if (Math.max(r, g, b) - Math.min(r, g, b) < 30) return 'grey';
  if (g > r && g > b) return 'green';
  if (b > r && b > g) return 'blue';
  if (r > 200 && g >= 90 && g <= 130 && b < 60) return 'orange';
  if (r > 200 && g > 120 && b < 80) return 'amber';
  if (r > 150 && g < 100 && b < 100) return 'red';
  return 'other';
}

const expectedHue: Record<Health, ReturnType<typeof hue>> = {
  ok: 'green',
  running: 'blue',
  warning: 'amber',
  partial: 'orange',
  failed: 'red',
  overdue: 'red',
  never: 'grey',
};

describe('tray icons', () => {
  it.each(TRAY_HEALTHS)('Windows %s: a .ico with 16/20/24/32/48 px (100-300 %% DPI)', (health) => {
    expect(icoSizes(read(trayIconFile(health, 'win32')))).toEqual([16, 20, 24, 32, 48]);
  });

  it.each(TRAY_HEALTHS)('Linux %s: 22/24/32 px with @2x twins, badge in the health colour', (health) => {
    for (const size of [22, 24, 32] as const) {
      const file = trayIconFile(health, 'linux', size);
      expect(pngSize(read(file))).toEqual({ width: size, height: size });
      const big = readPng(read(at2x(file)));
      expect([big.width, big.height]).toEqual([size * 2, size * 2]);
      expect(hue(badgeColour(big))).toBe(expectedHue[health]);
    }
  });

  it.each(TRAY_HEALTHS)('macOS %s: 16 px + 32 px @2x template, black only', (health) => {
    const file = trayIconFile(health, 'darwin');
    expect(file).toMatch(/Template\.png$/);
    for (const [rel, size] of [
      [file, 16],
      [at2x(file), 32],
    ] as const) {
      const img = readPng(read(rel));
      expect([img.width, img.height]).toEqual([size, size]);
      let opaque = 0;
      for (let i = 0; i < img.data.length; i += 4) {
        if (img.data[i + 3]! > 0) {
          opaque++;
          expect([img.data[i], img.data[i + 1], img.data[i + 2]]).toEqual([0, 0, 0]);
        }
      }
      expect(opaque).toBeGreaterThan(size * 2);
    }
  });

  it('macOS templates tell the healths apart by shape alone', () => {
    const masks = TRAY_HEALTHS.map((h) => {
      const img = readPng(read(at2x(trayIconFile(h, 'darwin'))));
      return Array.from({ length: img.width * img.height }, (_, i) => (img.data[i * 4 + 3]! > 127 ? 1 : 0)).join('');
    });
    expect(new Set(masks).size).toBe(TRAY_HEALTHS.length);
  });
});
