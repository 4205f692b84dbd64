"""`python build.py bundle`: the built site as one zip for readers without a connection.

Unzipped anywhere (a USB stick, a phone's storage), it opens from index.html: every link
is relative and names a file. The zip is deterministic: sorted entries, fixed times and
permissions, so that the same site gives the same bytes.
"""

from __future__ import annotations

import os
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from .postprocess import COMPRESSED_SUFFIXES

# Zip times cannot be earlier than 1980; this is the time used without SOURCE_DATE_EPOCH.
DEFAULT_TIME = (1980, 1, 1, 0, 0, 0)


def write_bundle(site_dir: Path, zip_path: Path, folder: str | None = None) -> int:
    """Zip `site_dir` into `zip_path` under one top folder (default: the zip's name); returns its size.

    The .gz/.br copies made for web hosts are left out: a browser reading files never uses them.
    """
    folder = folder or zip_path.stem
    stamp = zip_time()
    files = sorted(p for p in site_dir.rglob("*") if p.is_file() and not _is_precompressed(p))
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    partial = zip_path.with_name(zip_path.name + ".partial")
    with zipfile.ZipFile(partial, "w") as archive:
        for file in files:
            name = f"{folder}/{file.relative_to(site_dir).as_posix()}"
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16  # a plain file, readable by all
            info.create_system = 3  # Unix, whatever machine builds it
            archive.writestr(info, file.read_bytes(), compresslevel=9)
    os.replace(partial, zip_path)
    return zip_path.stat().st_size


def zip_time() -> tuple[int, int, int, int, int, int]:
    """The entries' time: SOURCE_DATE_EPOCH when set (reproducible builds), else a constant."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return DEFAULT_TIME
    moment = datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    if moment.year < 1980:
        return DEFAULT_TIME
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second // 2 * 2)


def _is_precompressed(path: Path) -> bool:
    """`x.html.gz` beside `x.html`: a copy for web hosts only."""
    return path.suffix in COMPRESSED_SUFFIXES and path.with_suffix("").is_file()
