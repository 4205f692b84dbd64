#!/usr/bin/env python3
"""Draw the theme's PNG icons from templates/assets/favicon.svg with Chromium.

Phones and the web app manifest want PNGs (180 px for iOS, 192 and 512 px, and a
"maskable" 512 px icon whose picture stays inside the central 80 % that Android may crop).
Pillow cannot read SVG; the Chromium the tests use can:

    python tools/make_icons.py      # (re)writes templates/assets/icon-*.png

A site with its own favicon.svg can run this against its own templates/assets/ with --assets.
"""

from __future__ import annotations

import argparse
import base64
import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"icon-192.png": 192, "icon-512.png": 512}
BRAND = "#0b4f8a"  # the favicon's background, to the edges where a platform crops or rounds itself


def draw_icons(assets: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    svg = (assets / "favicon.svg").read_bytes()
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
    chromium = os.environ.get("LOA_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page()
        jobs = [(name, size, f'<img src="{uri}" style="width:{size}px;height:{size}px;display:block">')
                for name, size in SIZES.items()]
        # iOS paints transparent corners black: its icon is square, in the brand colour to the edges.
        jobs.append(("icon-180.png", 180, f'<div style="width:180px;height:180px;background:{BRAND}">'
                                          f'<img src="{uri}" style="width:180px;height:180px;display:block"></div>'))
        # Maskable: the brand colour to the edges, the picture scaled into the safe zone.
        jobs.append(("icon-maskable-512.png", 512,
                     f'<div style="width:512px;height:512px;background:{BRAND};display:grid;place-items:center">'
                     f'<img src="{uri}" style="width:384px;height:384px"></div>'))
        for name, size, html in jobs:
            page.set_viewport_size({"width": size, "height": size})
            page.set_content(f'<body style="margin:0;background:transparent">{html}</body>')
            target = assets / name
            page.screenshot(path=str(target), omit_background=True,
                            clip={"x": 0, "y": 0, "width": size, "height": size})
            written.append(target)
        browser.close()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--assets", type=Path, default=ROOT / "templates" / "assets")
    args = parser.parse_args()
    for path in draw_icons(args.assets):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
