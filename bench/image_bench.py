#!/usr/bin/env python3
"""Benchmark: what Loa's image stage costs and what it saves a phone.

Generates large camera-like photos (4000x3000 JPEGs of several MB, with EXIF,
GPS and camera serial number; deterministic grain so they do not compress to
nothing), builds a site whose one article shows 10 of them (a cover, body
photos), then reports:

- encoding time per photo (best of 3): serial, in Loa's thread pool, in a process pool;
- a cold build (empty cache) and a warm rebuild (nothing to encode);
- bytes in against bytes out, and the bytes a phone downloads for the article
  at 360 CSS px at 1x, 2x and 3x density (the srcset candidate a browser picks).

    python bench/image_bench.py                 # 10 photos, 4000x3000
    python bench/image_bench.py --photos 4 --size 2000x1500

Everything it writes goes to bench/out/ (ignored by git).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import ExifTags, Image, ImageChops, ImageDraw  # noqa: E402

from generator.config import ImageSettings  # noqa: E402
from generator.images import CACHE_FOLDER, encode_entry, run_jobs  # noqa: E402
from generator.pipeline import BuildOptions, build  # noqa: E402
from generator.pictures import BODY_SIZES  # noqa: E402

OUT = ROOT / "bench" / "out"
PHONE_WIDTH = 360
# The slot the default theme gives a body photo on a phone: BODY_SIZES' calc(100vw - 4rem).
PHONE_SLOT = PHONE_WIDTH - 64


def make_photo(seed: int, size: tuple[int, int]) -> Image.Image:
    """Shapes and gradients with sensor grain: compresses like a real photo, not like noise or a flat fill."""
    rng = random.Random(seed)
    width, height = size
    base = Image.frombytes("RGB", (16, 12), rng.randbytes(16 * 12 * 3)).resize(size, Image.Resampling.BICUBIC)
    detail = Image.frombytes("RGB", (width // 8, height // 8), rng.randbytes((width // 8) * (height // 8) * 3))
    image = Image.blend(base, detail.resize(size, Image.Resampling.BILINEAR), 0.25)
    draw = ImageDraw.Draw(image)
    for _ in range(300):
        x, y, r = rng.randrange(width), rng.randrange(height), rng.randrange(width // 200, width // 10)
        draw.ellipse((x, y, x + r, y + r * rng.random()), fill=tuple(rng.randrange(256) for _ in range(3)))
    grain = Image.frombytes("L", size, rng.randbytes(width * height)).point(lambda v: v >> 3)
    return ImageChops.add(image, Image.merge("RGB", (grain,) * 3), 1.0, -16)


def camera_exif(seed: int) -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "BenchCam"
    exif[ExifTags.Base.Model] = "B-1"
    exif[ExifTags.Base.Artist] = "Bench Photographer"
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.BodySerialNumber] = f"SN{seed:08d}"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef], gps[ExifTags.GPS.GPSLatitude] = "N", (20.0, 57.0, float(seed))
    gps[ExifTags.GPS.GPSLongitudeRef], gps[ExifTags.GPS.GPSLongitude] = "E", (107.0, 4.0, 30.0)
    return exif.tobytes()


def make_site(count: int, size: tuple[int, int]) -> Path:
    """A site whose one article shows `count` photos: the cover and the rest in the body."""
    site = OUT / "site"
    media = site / "content" / "media"
    media.mkdir(parents=True, exist_ok=True)
    for index in range(1, count + 1):
        target = media / f"photo-{index:02d}.jpg"
        if not target.exists() or Image.open(target).size != size:
            make_photo(index, size).save(target, "JPEG", quality=92, exif=camera_exif(index))
    (site / "site.yaml").write_text("title: Bench\nbase_url: https://example.org/\n", encoding="utf-8")
    body = "\n\n".join(f"Đoạn {i}.\n\n![Ảnh {i}](../media/photo-{i:02d}.jpg \"Ảnh {i}\")" for i in range(2, count + 1))
    (site / "content" / "articles").mkdir(parents=True, exist_ok=True)
    (site / "content" / "articles" / "bai.md").write_text(
        f"---\ntitle: Bài có {count} ảnh\ndate: 2021-10-01 09:00\nimage: ../media/photo-01.jpg\n---\n{body}\n",
        encoding="utf-8")
    return site


def _in_processes(jobs: list) -> None:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=os.cpu_count(), mp_context=context) as pool:
        list(pool.map(encode_entry, *zip(*jobs)))


def time_encoding(sources: list[Path], settings: ImageSettings, rounds: int = 3) -> dict[str, float]:
    """Seconds per photo (best of `rounds`): serial, Loa's thread pool, and a process pool for comparison."""
    scratch = OUT / "scratch"
    runners = {"serial": lambda jobs: run_jobs(jobs, workers=1), "threads": run_jobs, "processes": _in_processes}
    best = {label: float("inf") for label in runners}
    for _ in range(rounds):
        for label, runner in runners.items():
            shutil.rmtree(scratch, ignore_errors=True)
            jobs = [(str(s), settings, str(scratch / label / s.stem)) for s in sources]
            started = time.perf_counter()
            runner(jobs)
            best[label] = min(best[label], (time.perf_counter() - started) / len(sources))
    shutil.rmtree(scratch, ignore_errors=True)
    return best


def phone_bytes(public: Path, count: int, density: int) -> int:
    """Bytes of the WebP candidate a browser picks for each photo: the narrowest covering slot x density."""
    total = 0
    for index in range(1, count + 1):
        candidates = sorted((int(p.stem.rsplit("-", 1)[1][:-1]), p)
                            for p in (public / "media").glob(f"photo-{index:02d}-*w.webp"))
        needed = PHONE_SLOT * density
        width, path = next(((w, p) for w, p in candidates if w >= needed), candidates[-1])
        total += path.stat().st_size
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--photos", type=int, default=10)
    parser.add_argument("--size", default="4000x3000")
    args = parser.parse_args()
    size = tuple(int(n) for n in args.size.split("x"))
    site = make_site(args.photos, size)
    sources = sorted((site / "content" / "media").glob("photo-*.jpg"))[: args.photos]
    settings = ImageSettings()
    bytes_in = sum(p.stat().st_size for p in sources)
    print(f"{len(sources)} photos {size[0]}x{size[1]}, {bytes_in / len(sources) / 1e6:.1f} MB each on average, "
          f"widths {list(settings.widths)}, quality {settings.quality}")

    for label, seconds in time_encoding(sources, settings).items():
        print(f"  encode, {label:<9}: {seconds:6.2f} s per photo ({os.cpu_count()} cores)")

    shutil.rmtree(site / CACHE_FOLDER, ignore_errors=True)
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    cold = build(site, OUT / "public", BuildOptions(now=now))
    warm = build(site, OUT / "public", BuildOptions(now=now))
    print(f"  cold build: {cold.seconds:6.2f} s ({cold.images_processed} photos encoded, "
          f"{cold.seconds / len(sources):.2f} s per photo)")
    print(f"  warm build: {warm.seconds:6.2f} s ({warm.images_processed} photos encoded)")

    public = OUT / "public"
    bytes_out = sum(p.stat().st_size for p in (public / "media").iterdir())
    leaks = [p.name for p in (public / "media").iterdir() if b"BenchCam" in p.read_bytes() or Image.open(p).getexif()]
    print(f"  bytes in {bytes_in / 1e6:.1f} MB, all renditions {bytes_out / 1e6:.1f} MB "
          f"({bytes_out / bytes_in:.1%}); files with EXIF left: {len(leaks)}")
    print(f"  a phone {PHONE_WIDTH} CSS px wide reading the article (sizes: {BODY_SIZES}):")
    for density in (1, 2, 3):
        phone = phone_bytes(public, len(sources), density)
        print(f"    at {density}x: {phone / 1e3:7.0f} kB = {phone / bytes_in:6.2%} of the originals")
    target = phone_bytes(public, len(sources), 1) / bytes_in
    print(f"  target (under 15% at 360 px): {'met' if target < 0.15 else 'MISSED'}")
    return 0 if target < 0.15 and not leaks else 1


if __name__ == "__main__":
    sys.exit(main())
