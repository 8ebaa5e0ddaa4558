#!/usr/bin/env python3
"""Draws the Teams app's icons (color.png 192x192, outline.png 32x32) next to this script.

Standard library only (zlib + struct), so it runs anywhere python3 does. The letters "ĐG" (Đánh giá) come from a
small pixel font scaled up: no font files, and the same PNG bytes on every machine. Run it again after changing
the colours or the glyphs; teams/manifest.json names both files.
"""
import struct
import zlib
from pathlib import Path

# The pages' header colour (src/Evaluation.Web/Pages/PageLayout.cs) and the manifest's accentColor.
BRAND = (0x8B, 0x00, 0x00, 0xFF)
WHITE = (0xFF, 0xFF, 0xFF, 0xFF)
CLEAR = (0x00, 0x00, 0x00, 0x00)

# "Đ" then "G", one column apart; '#' is ink.
GLYPHS = [
    [".####.", ".#...#", ".#...#", "###..#", ".#...#", ".#...#", ".####."],
    ["", "", "", "", "", "", ""],
    [".###.", "#...#", "#....", "#.###", "#...#", "#...#", ".###."],
]
TEXT = ["".join(glyph[row] if glyph[row] else "." for glyph in GLYPHS) for row in range(7)]


def canvas(size, fill):
    return [[fill] * size for _ in range(size)]


def draw_text(pixels, scale, ink):
    size = len(pixels)
    width, height = len(TEXT[0]) * scale, len(TEXT) * scale
    left, top = (size - width) // 2, (size - height) // 2
    for row, line in enumerate(TEXT):
        for col, cell in enumerate(line):
            if cell != "#":
                continue
            for y in range(top + row * scale, top + (row + 1) * scale):
                for x in range(left + col * scale, left + (col + 1) * scale):
                    pixels[y][x] = ink


def write_png(path, pixels):
    size = len(pixels)
    raw = b"".join(b"\x00" + bytes(channel for pixel in line for channel in pixel) for line in pixels)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def main():
    here = Path(__file__).resolve().parent

    color = canvas(192, BRAND)
    draw_text(color, 11, WHITE)
    write_png(here / "color.png", color)

    # Teams wants the outline icon white on transparent: a 1-pixel frame and the letters.
    outline = canvas(32, CLEAR)
    for i in range(32):
        outline[0][i] = outline[31][i] = outline[i][0] = outline[i][31] = WHITE
    draw_text(outline, 2, WHITE)
    write_png(here / "outline.png", outline)


if __name__ == "__main__":
    main()
