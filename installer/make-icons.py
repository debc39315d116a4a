#!/usr/bin/env python3
"""Makes the Windows .ico and the macOS .icns from resources/icons/tokenscope.png (256x256 RGBA).

Python's standard library only, so it runs wherever the project builds. The outputs are checked in
(installer/windows/tokenscope.ico, installer/macos/tokenscope.icns); run this again after changing the
PNG. The smaller Windows sizes are stored as uncompressed bitmaps, because the icon loaders of NSIS and
of older Windows shells read only those; 256 px is stored as PNG, as Windows Vista and later expect.

    installer/make-icons.py [--check]   # --check: fail if the checked-in files are out of date
"""
import struct
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "resources/icons/tokenscope.png"
ICO = ROOT / "installer/windows/tokenscope.ico"
ICNS = ROOT / "installer/macos/tokenscope.icns"


def read_png_rgba(path):
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(f"make-icons: {path} is not a PNG file")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour != 6 or interlace != 0:
        sys.exit(f"make-icons: {path} must be 8-bit RGBA, not interlaced")
    raw, stride, rows, previous = zlib.decompress(idat), width * 4, [], bytearray(width * 4)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for x in range(stride):
            left = line[x - 4] if x >= 4 else 0
            up = previous[x]
            corner = previous[x - 4] if x >= 4 else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                estimate = left + up - corner
                pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
                nearest = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[x] = (line[x] + nearest) & 0xFF
        rows.append(line)
        previous = line
    return width, height, rows


def scaled(width, rows, size):
    """Box filter with premultiplied alpha, so transparent pixels do not darken the edges."""
    factor = width / size
    out = []
    for y in range(size):
        line = bytearray()
        y0, y1 = int(y * factor), max(int((y + 1) * factor), int(y * factor) + 1)
        for x in range(size):
            x0, x1 = int(x * factor), max(int((x + 1) * factor), int(x * factor) + 1)
            r = g = b = a = 0
            for sy in range(y0, y1):
                row = rows[sy]
                for sx in range(x0, x1):
                    pr, pg, pb, pa = row[sx * 4:sx * 4 + 4]
                    r, g, b, a = r + pr * pa, g + pg * pa, b + pb * pa, a + pa
            count = (y1 - y0) * (x1 - x0)
            if a == 0:
                line += b"\0\0\0\0"
            else:
                line += bytes((r // a, g // a, b // a, a // count))
        out.append(line)
    return out


def png_bytes(size, rows):
    raw = b"".join(b"\0" + bytes(row) for row in rows)

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def bmp_entry(size, rows):
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    # Bottom-up rows of BGRA pixels, then the (unused) 1-bit AND mask.
    pixels = b"".join(bytes((row[i + 2], row[i + 1], row[i], row[i + 3]))
                      for row in reversed(rows) for i in range(0, len(row), 4))
    mask_stride = ((size + 31) // 32) * 4
    return header + pixels + b"\0" * (mask_stride * size)


def make_ico(width, rows):
    images = [(size, bmp_entry(size, scaled(width, rows, size))) for size in (16, 24, 32, 48, 64)]
    images.append((256, png_bytes(256, rows if width == 256 else scaled(width, rows, 256))))
    out = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    for size, body in images:
        dim = 0 if size >= 256 else size
        out += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(body), offset)
        offset += len(body)
    return out + b"".join(body for _, body in images)


def make_icns(width, rows):
    # PNG-compressed entries: ic07 128 px, ic08 256 px (macOS 10.7 and later read these).
    body = b""
    for kind, size in ((b"ic07", 128), (b"ic08", 256)):
        png = png_bytes(size, rows if size == width else scaled(width, rows, size))
        body += kind + struct.pack(">I", len(png) + 8) + png
    return b"icns" + struct.pack(">I", len(body) + 8) + body


def main():
    width, height, rows = read_png_rgba(SOURCE)
    if width != height:
        sys.exit(f"make-icons: {SOURCE} must be square")
    outputs = {ICO: make_ico(width, rows), ICNS: make_icns(width, rows)}
    if "--check" in sys.argv[1:]:
        stale = [str(path.relative_to(ROOT)) for path, body in outputs.items()
                 if not path.exists() or path.read_bytes() != body]
        if stale:
            sys.exit("make-icons: out of date (run installer/make-icons.py): " + ", ".join(stale))
        return
    for path, body in outputs.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)


if __name__ == "__main__":
    main()
