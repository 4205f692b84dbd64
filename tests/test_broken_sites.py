"""A corpus of editors' mistakes (tests/broken/<mistake>/): each gives its pinned message and exit status 1.

Each folder is a site; `expected.txt` holds the problem lines `python build.py` prints for it in
Vietnamese (the default), `expected.en.txt` the same with `language: en` added to site.yaml (a site without site.yaml
speaks Vietnamese).
Files that cannot be committed (50 MB, NFD names) are made by GENERATED when the test runs.
"""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest
from image_samples import encoded, noise_image
from site_tools import problem_lines, run_build

BROKEN = Path(__file__).parent / "broken"


def _huge_file(site: Path) -> None:
    line = "Một dòng văn bản rất dài của một tệp bị dán nhầm vào thư mục bài viết.\n".encode()
    with open(site / "content/articles/lon.md", "wb") as file:
        file.write(b"---\ntitle: Lon\ndate: 2021-10-01 09:43\n---\n")
        file.write(line * (50 * 1024 * 1024 // len(line) + 1))


def _nfd_and_nfc_names(site: Path) -> None:
    name = "Khai mạc tuần lễ.md"
    text = "---\ntitle: Khai mạc\ndate: 2021-10-01 09:43\n---\nNội dung.\n"
    for form in ("NFC", "NFD"):
        (site / "content/articles" / unicodedata.normalize(form, name)).write_text(text, encoding="utf-8")


GENERATED = {"file-50-mb": _huge_file, "nfd-and-nfc-names": _nfd_and_nfc_names}
CASES = sorted(p.name for p in BROKEN.iterdir() if (p / "expected.txt").is_file())


def _copy_case(name: str, tmp_path: Path, language: str) -> Path:
    site = tmp_path / "site"
    shutil.copytree(BROKEN / name, site, ignore=shutil.ignore_patterns("expected*.txt"))
    GENERATED.get(name, lambda s: None)(site)
    if language == "en" and (site / "site.yaml").exists():
        with open(site / "site.yaml", "ab") as config:  # at the end, so that line numbers stay
            config.write(b"\nlanguage: en\n")
    return site


def test_every_mistake_has_a_case():
    assert len(CASES) >= 20 and set(GENERATED) <= set(CASES)


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("name", CASES)
def test_broken_site_gives_its_pinned_message(tmp_path, name, language):
    site = _copy_case(name, tmp_path, language)
    result = run_build(site)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr
    expected = (BROKEN / name / ("expected.txt" if language == "vi" else "expected.en.txt")).read_text(encoding="utf-8")
    assert problem_lines(result.stderr) == expected.splitlines()
    assert not (site / "public").exists()


def test_nfd_file_names_build_like_nfc_ones(tmp_path):
    """Names stored with decomposed accents (copied from a Mac) give the same URLs as composed ones."""
    for form in ("NFC", "NFD"):
        site = tmp_path / form
        (site / "content/articles/Tin tức").mkdir(parents=True)
        (site / "content/media").mkdir()
        (site / "site.yaml").write_text("title: T\nbase_url: https://example.org/\n", encoding="utf-8")
        name = lambda text: unicodedata.normalize(form, text)  # noqa: E731
        (site / "content/media" / name("ảnh khai mạc.jpg")).write_bytes(encoded(noise_image((64, 48)), "JPEG"))
        (site / "content/articles" / name("Tin tức") / name("Khai mạc tuần lễ.md")).parent.mkdir(exist_ok=True)
        (site / "content/articles" / name("Tin tức") / name("Khai mạc tuần lễ.md")).write_text(
            name("---\ntitle: Khai mạc\ndate: 2021-10-01 09:43\nimage: ../../media/ảnh khai mạc.jpg\n---\n"
                 "![Ảnh](../../media/ảnh khai mạc.jpg)\n\n[Bài khác](../Bài khác.md)\n"), encoding="utf-8")
        (site / "content/articles" / name("Bài khác.md")).write_text(
            "---\ntitle: Khác\ndate: 2021-10-02 09:43\n---\n[Khai mạc](Tin tức/Khai mạc tuần lễ.md)\n",
            encoding="utf-8")
        result = run_build(site)
        assert result.returncode == 0, result.stderr
    pages = [sorted(p.relative_to(tmp_path / form).as_posix() for p in (tmp_path / form / "public").rglob("*"))
             for form in ("NFC", "NFD")]
    assert pages[0] == pages[1]
    assert "public/articles/khai-mac-tuan-le.html" in pages[0]
    assert unicodedata.normalize("NFC", "public/media/ảnh khai mạc.jpg") in pages[1]
    for form in ("NFC", "NFD"):
        html = (tmp_path / form / "public/articles/bai-khac.html").read_text(encoding="utf-8")
        assert 'href="khai-mac-tuan-le.html"' in html


def test_bom_and_crlf_build_like_plain_text(tmp_path):
    outputs = []
    for variant in ("plain", "bom-crlf"):
        site = tmp_path / variant
        (site / "content/articles").mkdir(parents=True)
        text = "title: T\nbase_url: https://example.org/\n"
        body = "---\ntitle: Khai mạc\ndate: 2021-10-01 09:43\ntags: [a, b]\n---\nĐoạn một.\n\nĐoạn hai.\n"
        if variant == "bom-crlf":
            text, body = "\ufeff" + text.replace("\n", "\r\n"), "\ufeff" + body.replace("\n", "\r\n")
        (site / "site.yaml").write_bytes(text.encode())
        (site / "content/articles/a.md").write_bytes(body.encode())
        assert run_build(site).returncode == 0
        outputs.append((site / "public/articles/a.html").read_bytes())
    assert outputs[0] == outputs[1]
