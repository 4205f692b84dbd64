"""Stage 5: write the output folder so that it is never seen half-built."""

from __future__ import annotations

import os
import posixpath
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ContentError


@dataclass
class Outputs:
    """Output files by path; refuses two files at one path and paths that leave the folder."""

    files: dict[str, bytes] = field(default_factory=dict)
    copies: dict[str, Path] = field(default_factory=dict)  # path -> source file, copied as is
    owners: dict[str, str] = field(default_factory=dict)  # path -> what produced it, for messages

    def add(self, path: str, data: bytes, owner: str) -> None:
        self._claim(path, owner)
        self.files[path] = data

    def copy(self, path: str, source: Path, owner: str) -> None:
        if path in self.copies and self.copies[path] == source:
            return
        self._claim(path, owner)
        self.copies[path] = source

    def read(self, path: str) -> bytes:
        """The bytes that will be written at `path`, whether generated or copied."""
        return self.files[path] if path in self.files else self.copies[path].read_bytes()

    def replace(self, path: str, data: bytes) -> None:
        """New bytes for an output that exists (a copy becomes a generated file)."""
        self.copies.pop(path, None)
        self.files[path] = data

    def move(self, path: str, new_path: str, data: bytes) -> None:
        """Give an existing output a new path and bytes, keeping its owner for messages."""
        owner = self.owners.pop(path)
        self.files.pop(path, None)
        self.copies.pop(path, None)
        self.add(new_path, data, owner)

    def _claim(self, path: str, owner: str) -> None:
        if not is_safe_output_path(path):
            raise ContentError("unsafe_output_path", path=path, owner=owner)
        if path in self.owners:
            raise ContentError("output_collision", path=path, first=self.owners[path], second=owner)
        self.owners[path] = owner

    def __len__(self) -> int:
        return len(self.owners)


def is_safe_output_path(path: str) -> bool:
    normal = posixpath.normpath(path)
    return (bool(path) and normal == path and not path.startswith(("/", "../")) and path != ".."
            and "\\" not in path and "\x00" not in path)


def check_output_dir(out_dir: Path, site_root: Path) -> None:
    """Refuse an output folder whose replacement would destroy sources or more."""
    out = out_dir.resolve()
    site = site_root.resolve()
    protected = [site, site / "content", site / "templates", Path.home().resolve(), Path(out.anchor)]
    for folder in protected:
        if out == folder or folder.is_relative_to(out):
            raise ContentError("unsafe_output_dir", path=str(out_dir))


def write_site(outputs: Outputs, out_dir: Path) -> None:
    """Write every file into a fresh folder beside `out_dir`, then swap it into place."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    try:
        for path, data in sorted(outputs.files.items()):
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        for path, source in sorted(outputs.copies.items()):
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        _swap(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap(staging: Path, out_dir: Path) -> None:
    """Replace `out_dir` with `staging`; the old folder is moved aside, then deleted."""
    os.chmod(staging, 0o755)
    if not out_dir.exists():
        os.replace(staging, out_dir)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
    os.replace(out_dir, retired / "site")
    try:
        os.replace(staging, out_dir)
    except BaseException:
        os.replace(retired / "site", out_dir)
        raise
    shutil.rmtree(retired, ignore_errors=True)
