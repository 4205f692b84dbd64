"""`python build.py bundle`: one zip for offline readers that opens from index.html."""

from __future__ import annotations

import zipfile
from pathlib import Path

from conftest import REPO, file_url
from test_minify import rich_site

from generator.cli import main

CONFIG = """\
title: Sở Giáo dục Thử
base_url: https://example.org/news/
menu:
  - {title: Trang chủ, home: true}
  - {title: Giới thiệu, page: gioi-thieu}
output: {precompress: true}
offline: {service_worker: true}
"""


def bundle(site: Path, out: Path, *extra: str) -> int:
    return main(["bundle", "--site", str(site), "--out", str(out), *extra])


def test_bundle_is_a_deterministic_zip_of_the_site(make_site, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1633056180")  # 2021-10-01 02:43 UTC
    site = rich_site(make_site, CONFIG)
    assert bundle(site, tmp_path / "one/tin-tuc.zip") == 0
    out = capsys.readouterr().out
    size = (tmp_path / "one/tin-tuc.zip").stat().st_size
    assert f"Gói: {tmp_path / 'one/tin-tuc.zip'} (" in out and "giải nén rồi mở index.html" in out  # site language
    assert f"({size / 1024:.1f} KB)" in out
    assert bundle(site, tmp_path / "two/tin-tuc.zip") == 0
    assert (tmp_path / "one/tin-tuc.zip").read_bytes() == (tmp_path / "two/tin-tuc.zip").read_bytes()
    assert not (site / "public").exists()  # the bundle is built aside: public/ is not touched

    with zipfile.ZipFile(tmp_path / "one/tin-tuc.zip") as archive:
        infos = archive.infolist()
    names = [info.filename for info in infos]
    assert names == sorted(names)
    assert all(name.startswith("tin-tuc/") for name in names)
    assert {"tin-tuc/index.html", "tin-tuc/articles/a.html", "tin-tuc/media/anh.jpg"} <= set(names)
    assert not [n for n in names if n.endswith((".gz", ".br"))]  # web-host copies stay out
    assert {info.date_time for info in infos} == {(2021, 10, 1, 2, 43, 0)}
    assert {info.external_attr >> 16 for info in infos} == {0o100644}


def test_bundle_without_source_date_epoch_uses_a_fixed_time(make_site, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    site = rich_site(make_site, CONFIG)
    assert bundle(site, tmp_path / "a.zip") == 0
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_bundle_default_name_and_failed_build(make_site, capsys):
    site = rich_site(make_site, CONFIG)
    assert main(["bundle", "--site", str(site)]) == 0
    assert (site / "dist/so-giao-duc-thu.zip").is_file()
    (site / "content/articles/c.md").write_text("---\ntitle: Thiếu ngày\n---\nx\n", encoding="utf-8")
    assert main(["bundle", "--site", str(site), "--out", str(site / "dist/broken.zip")]) == 1
    assert not (site / "dist/broken.zip").exists()
    assert "content/articles/c.md" in capsys.readouterr().err


def test_unzipped_bundle_works_from_file(make_site, tmp_path, open_page):
    site = rich_site(make_site, CONFIG)
    assert bundle(site, tmp_path / "tin-tuc.zip", "--minify") == 0
    with zipfile.ZipFile(tmp_path / "tin-tuc.zip") as archive:
        archive.extractall(tmp_path / "usb")
    root = tmp_path / "usb/tin-tuc"
    home, watch = open_page(file_url(root / "index.html"), root.as_uri())
    assert home.locator("h1, .site-title").first.is_visible()
    assert home.evaluate("getComputedStyle(document.querySelector('.skip-link')).position") == "absolute"
    home.locator("main a[href$='articles/a.html']").first.click()
    home.wait_for_load_state()
    assert home.url.endswith("/articles/a.html")
    assert home.locator("h1").inner_text() == "Bài một: khai mạc"
    assert home.evaluate("getComputedStyle(document.querySelector('.skip-link')).position") == "absolute"
    assert home.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
    watch.assert_clean()
    article, watch = open_page(file_url(root / "articles/a.html"), root.as_uri())
    assert article.evaluate("[...document.querySelectorAll('link[rel=stylesheet]')].every(l => l.sheet)")
    watch.assert_clean()


def test_example_site_bundle_opens_from_file(tmp_path, open_page, capsys):
    assert bundle(REPO, tmp_path / "vi-du.zip", "--minify") == 0
    assert f"Gói: {tmp_path / 'vi-du.zip'} (" in capsys.readouterr().out
    with zipfile.ZipFile(tmp_path / "vi-du.zip") as archive:
        archive.extractall(tmp_path / "usb")
    root = tmp_path / "usb/vi-du"
    home, watch = open_page(file_url(root / "index.html"), root.as_uri())
    assert home.evaluate("[...document.querySelectorAll('link[rel=stylesheet]')].every(l => l.sheet)")
    first = home.locator("main a[href^='articles/']").first
    target = first.get_attribute("href")
    first.click()
    home.wait_for_load_state()
    assert home.url == (root / target).as_uri()
    assert home.locator("h1").count() == 1
    assert home.evaluate("[...document.images].every(i => i.loading === 'lazy' || (i.complete && i.naturalWidth > 0))")
    title = home.locator("h1").inner_text()
    watch.assert_clean()

    # search, from the scripts it loads by their hashed and minified names: type the title, open the result
    search, watch = open_page(file_url(root / "search/index.html"), root.as_uri())
    search.fill("#search-q", title)
    search.locator(".search-form .search-submit button").click()
    search.wait_for_selector("#loa-search.search-done:not(.search-failed)")
    result = search.locator(".search-result h2 a", has_text=title).first
    result.click()
    search.wait_for_load_state()
    assert search.url == (root / target).as_uri()
    watch.assert_clean()

    # a campaign's filters and an article's gallery
    campaign, watch = open_page(file_url(root / "campaigns/tuan-le-hoc-tap-suot-doi-2021/index.html"), root.as_uri())
    locality = campaign.locator("select[name=locality] option").nth(1).get_attribute("value")
    campaign.select_option("select[name=locality]", locality)
    assert campaign.evaluate("location.hash") == f"#locality={locality}"
    assert 0 < campaign.locator("li.activity:not([hidden])").count() < campaign.locator("li.activity").count()
    watch.assert_clean()
    with_gallery = next(p for p in sorted(root.glob("articles/*.html")) if "gallery-item" in p.read_text("utf-8"))
    article, watch = open_page(file_url(with_gallery), root.as_uri())
    article.locator("a.gallery-item").first.click()
    assert article.evaluate("document.querySelector('dialog.lightbox').open")
    article.wait_for_function("document.querySelector('.lightbox-image').complete")
    assert article.evaluate("document.querySelector('.lightbox-image').naturalWidth") > 0
    watch.assert_clean()
