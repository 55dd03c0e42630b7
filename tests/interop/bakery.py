"""Bridge to the PyPI `openbadges-bakery` (Concentric Sky / Badgr, OB 2.0) for
tests/interop/bakery.test.mjs.

    python bakery.py bake IMAGE OUT PAYLOAD_FILE   bake the payload into a PNG or SVG
    python bakery.py unbake IMAGE                  print the baked payload
"""
import sys

from openbadges_bakery import png_bakery, svg_bakery


def bakery_for(path):
    with open(path, "rb") as f:
        return png_bakery if f.read(8) == b"\x89PNG\r\n\x1a\n" else svg_bakery


def main(argv):
    if argv[1] == "bake":
        image, out, payload_file = argv[2:5]
        with open(payload_file, encoding="utf-8") as f:
            payload = f.read()
        with open(image, "rb") as src, open(out, "wb") as dst:
            bakery_for(image).bake(src, payload, dst)
    elif argv[1] == "unbake":
        with open(argv[2], "rb") as src:
            sys.stdout.write(bakery_for(argv[2]).unbake(src) or "")
    else:
        raise SystemExit("usage: bakery.py bake IMAGE OUT PAYLOAD_FILE | unbake IMAGE")


if __name__ == "__main__":
    main(sys.argv)
