"""End to end: tiny sites written into tmp_path, built, and read the way a reader sees them."""

from __future__ import annotations

import gc
import io
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import REPO, article, write_files
from htmlq import Node, read
from PIL import Image

from generator.errors import BuildError
from generator.pipeline import BuildOptions, build

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=HCM)


def jpeg(color: str = "steelblue") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (48, 32), color).save(buffer, "JPEG")
    return buffer.getvalue()


CONFIG = """\
title: Sở Giáo dục và Đào tạo
description: Cổng thông tin thử
base_url: https://example.org/tin-tuc/
per_page: 2
menu:
  - {title: Trang chủ, home: true}
  - {title: GDTX, category: Giáo dục thường xuyên}
  - {title: Giới thiệu, page: gioi-thieu}
  - {title: Lưu trữ, archive: true}
  - {title: Dịch vụ công, url: https://dichvucong.gov.vn}
links:
  - {title: Bộ Giáo dục và Đào tạo, url: https://moet.gov.vn}
"""

CAMPAIGN = """\
title: Tuần lễ học tập suốt đời
start: 2021-10-01
end: 2026-12-31
activities:
  - {date: 2021-10-01, time: "09:00", title: Lễ khai mạc, report: khai-mac-tuan-le-2021}
  - {date: 2026-12-05, time: "08:00", title: Hội nghị tổng kết năm, locality: Hạ Long}
  - {date: 2026-12-01, title: Tập huấn giáo viên}
"""

SEED = """\
---
title: Khai mạc Tuần lễ hưởng ứng học tập suốt đời năm 2021
date: 2021-10-01 09:43
category: Giáo dục thường xuyên
tags: [học tập suốt đời, chuyển đổi số]
campaign: tuan-le
author: Phạm Thị Nhàn
unit: Phòng Giáo dục thường xuyên và Giáo dục Mầm non
image: ../../media/khai-mac/quang-canh.jpg
hot: true
featured: true
slug: khai-mac-tuan-le-2021
gallery:
  - {src: ../../media/khai-mac/anh-1.jpg, caption: Quang cảnh buổi lễ}
  - {src: ../../media/khai-mac/anh-2.jpg, caption: Học sinh tham dự}
---
Ngày 01/10/2021, Ban Chỉ đạo tổ chức Lễ khai mạc.

![Quang cảnh](../../media/khai-mac/quang-canh.jpg "Quang cảnh Lễ khai mạc Tuần lễ")

Xem thêm [bài tọa đàm](toa-dam.md) và [giới thiệu](../../pages/gioi-thieu.md).
"""


@pytest.fixture
def news_site(make_site):
    return make_site({
        "content/media/khai-mac/quang-canh.jpg": jpeg(),
        "content/media/khai-mac/anh-1.jpg": jpeg("tan"),
        "content/media/khai-mac/anh-2.jpg": jpeg("olive"),
        "content/media/khong-dung.jpg": jpeg("red"),
        "content/campaigns/tuan-le.yaml": CAMPAIGN,
        "content/articles/2021/khai-mac.md": SEED,
        "content/articles/2021/toa-dam.md": article("Tọa đàm chuyển đổi số", "2021-10-03 14:00",
                                                    category="Giáo dục thường xuyên", tags="[chuyển đổi số]",
                                                    campaign="tuan-le", featured="true"),
        "content/articles/2021/be-mac.md": article("Bế mạc Tuần lễ", "2021-10-07 16:00",
                                                   category="Giáo dục thường xuyên", campaign="tuan-le"),
        "content/articles/2022/tuyen-sinh.md": article("Tuyển sinh lớp 10", "2022-05-10 08:00",
                                                       category="Tin tức", hot="true"),
        "content/articles/2022/thi-gvg.md": article("Hội thi giáo viên giỏi", "2022-03-02 08:00", category="Mầm non"),
        "content/articles/nhap.md": article("Bản nháp bí mật", "2021-10-02 08:00", draft="true",
                                            category="Bí mật", tags="[nháp]"),
        "content/articles/hen-gio.md": article("Thông báo hẹn giờ", "2030-01-01 08:00", category="Tin tức"),
        "content/pages/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\nSở Giáo dục và Đào tạo tỉnh.\n",
        "content/pages/lien-he.md": "---\ntitle: Liên hệ\n---\nĐiện thoại: 0203 000 000.\n",
    }, config=CONFIG)


@pytest.fixture
def public(news_site, build_site) -> Path:
    return build_site(news_site)


def headlines(page: Node) -> list[str]:
    return [h.text for h in page.find("main").find_all("h2") if h.find_all("a")]


def box(page: Node, heading: str) -> Node:
    return next(section for section in page.find("aside", cls="sidebar").find_all("section")
                if section.find("h2").text == heading)


# ------------------------------------------------------------------ home

def test_home_lists_the_latest_articles_per_page(public):
    home = read(public / "index.html")
    assert home.find("html").attrs["lang"] == "vi"
    assert home.find("h1").text == "Tin mới nhất"
    assert headlines(home) == ["Tuyển sinh lớp 10", "Hội thi giáo viên giỏi"]
    assert headlines(read(public / "page-2.html")) == ["Bế mạc Tuần lễ", "Tọa đàm chuyển đổi số"]
    last = read(public / "page-3.html")
    assert headlines(last) == ["Khai mạc Tuần lễ hưởng ứng học tập suốt đời năm 2021"]
    assert not (public / "page-4.html").exists()
    nav = read(public / "page-2.html").find("nav", cls="pagination")
    assert nav.links() == [("index.html", "← Mới hơn"), ("page-3.html", "Cũ hơn →")]
    assert "Trang 2/3" in nav.text
    assert home.find("nav", cls="pagination").links() == [("page-2.html", "Cũ hơn →")]


def test_teaser_shows_date_category_summary_and_cover(public):
    last = read(public / "page-3.html")
    teaser = last.find("article", cls="teaser")
    assert teaser.find("time").text == "01/10/2021 09:43"
    assert ("categories/giao-duc-thuong-xuyen/index.html", "Giáo dục thường xuyên") in teaser.links()
    assert "Ngày 01/10/2021, Ban Chỉ đạo tổ chức Lễ khai mạc." in teaser.text
    assert teaser.find("img").attrs["src"] == "media/khai-mac/quang-canh.jpg"


# ------------------------------------------------------------------ article

def test_article_page_shows_everything_the_seed_shows(public):
    page = read(public / "articles/khai-mac-tuan-le-2021.html")
    main = page.find("main")
    assert page.find("title").text == "Khai mạc Tuần lễ hưởng ứng học tập suốt đời năm 2021 – Sở Giáo dục và Đào tạo"
    assert main.find("h1").text == "Khai mạc Tuần lễ hưởng ứng học tập suốt đời năm 2021"
    time = main.find("time")
    assert (time.text, time.attrs["datetime"]) == ("01/10/2021 09:43", "2021-10-01T09:43:00+07:00")
    # the cover is also the first figure of the text: shown once, as that figure
    assert main.find_all("figure", cls="cover") == []
    body_figure = main.find("div", cls="body").find("figure")
    image = body_figure.find("img")
    assert (image.attrs["alt"], image.attrs["src"], image.attrs["loading"]) == (
        "Quang cảnh", "../media/khai-mac/quang-canh.jpg", "lazy")
    assert image.attrs["srcset"] and image.attrs["width"] and image.attrs["height"]
    assert body_figure.find("figcaption").text == "Quang cảnh Lễ khai mạc Tuần lễ"
    assert main.find("p", cls="byline").text == \
        "Phạm Thị Nhàn - Phòng Giáo dục thường xuyên và Giáo dục Mầm non"
    gallery = main.find("section", cls="gallery")
    assert [(f.find("img").attrs["src"], f.find("figcaption").text) for f in gallery.find("ul").find_all("figure")] == [
        ("../media/khai-mac/anh-1.jpg", "Quang cảnh buổi lễ"), ("../media/khai-mac/anh-2.jpg", "Học sinh tham dự")]
    assert main.find("p", cls="kicker").links() == [("../categories/giao-duc-thuong-xuyen/index.html",
                                                     "Giáo dục thường xuyên")]
    assert main.find("p", cls="tags").links() == [("../tags/hoc-tap-suot-doi/index.html", "học tập suốt đời"),
                                                  ("../tags/chuyen-doi-so/index.html", "chuyển đổi số")]
    links = main.find("div", cls="body").links()
    assert links == [("toa-dam.html", "bài tọa đàm"), ("../pages/gioi-thieu.html", "giới thiệu")]


def test_the_cover_is_left_out_when_the_text_already_shows_that_image(make_site, build_site):
    site = make_site({
        "content/media/bia.jpg": jpeg(), "content/media/khac.jpg": jpeg("tan"),
        "content/articles/chi-bia.md": article("Chỉ ảnh bìa", image="../media/bia.jpg"),
        "content/articles/cung-anh.md": article("Cùng một ảnh", image="../media/bia.jpg",
                                                body='Đoạn đầu.\n\n![Hội trường](../media/bia.jpg "Hội trường")'),
        "content/articles/khac-anh.md": article("Ảnh khác", image="../media/bia.jpg",
                                                body='Đoạn đầu.\n\n![Sân trường](../media/khac.jpg "Sân trường")'),
    })
    public = build_site(site)

    def images(slug: str) -> tuple[list[str], list[str]]:
        main = read(public / f"articles/{slug}.html").find("main")
        covers = [f.find("img").attrs["src"] for f in main.find_all("figure", cls="cover")]
        return covers, [img.attrs["src"] for img in main.find("div", cls="body").find_all("img")]

    assert images("chi-bia") == (["../media/bia.jpg"], [])
    assert images("cung-anh") == ([], ["../media/bia.jpg"])
    assert images("khac-anh") == (["../media/bia.jpg"], ["../media/khac.jpg"])
    # the cover still stands for the article elsewhere: its teaser and its sharing card
    teasers = read(public / "index.html").find_all("article", cls="teaser")
    assert [t.find("img").attrs["src"] for t in teasers] == ["media/bia.jpg"] * 3
    card = read(public / "articles/cung-anh.html").find("meta", property="og:image").attrs["content"]
    assert "/media/bia" in card


def test_article_names_its_campaign_and_links_it_when_the_campaign_page_is_built(public):
    box = read(public / "articles/khai-mac-tuan-le-2021.html").find("aside", cls="campaign-box")
    assert "Tuần lễ học tập suốt đời" in box.text
    assert (public / "campaigns/tuan-le/index.html").exists()
    assert box.links()[0] == ("../campaigns/tuan-le/index.html", "Tuần lễ học tập suốt đời")


def test_previous_next_and_related(public):
    page = read(public / "articles/toa-dam.html")
    assert page.find("nav", cls="prev-next").links() == [
        ("be-mac.html", "Bài sau Bế mạc Tuần lễ"),
        ("khai-mac-tuan-le-2021.html", "Bài trước Khai mạc Tuần lễ hưởng ứng học tập suốt đời năm 2021")]
    related = page.find("section", cls="related")
    assert [text for _, text in related.links()] == ["Khai mạc Tuần lễ hưởng ứng học tập suốt đời năm 2021",
                                                     "Bế mạc Tuần lễ"]
    newest = read(public / "articles/tuyen-sinh.html").find("nav", cls="prev-next")
    assert [text.split(" ", 2)[:2] for _, text in newest.links()] == [["Bài", "trước"]]


def test_article_without_optional_fields(public):
    main = read(public / "articles/thi-gvg.html").find("main")
    assert main.find_all("figure") == [] and main.find_all("p", cls="byline") == []
    assert main.find_all("section", cls="gallery") == [] and main.find_all("p", cls="tags") == []
    assert main.find_all("p", cls="campaign-link") == []


# ------------------------------------------------------------------ listings

def test_category_listing_is_paginated(public):
    first = read(public / "categories/giao-duc-thuong-xuyen/index.html")
    assert first.find("h1").text == "Chuyên mục Giáo dục thường xuyên"
    assert headlines(first) == ["Bế mạc Tuần lễ", "Tọa đàm chuyển đổi số"]
    teaser_links = [href for t in first.find("main").find_all("article", cls="teaser") for href, _ in t.links()]
    assert teaser_links and not any("categories/" in href for href in teaser_links)  # not repeated on each item
    second = read(public / "categories/giao-duc-thuong-xuyen/page-2.html")
    assert headlines(second) == ["Khai mạc Tuần lễ hưởng ứng học tập suốt đời năm 2021"]
    assert second.find("nav", cls="pagination").links() == [("index.html", "← Mới hơn")]
    assert sorted(p.name for p in (public / "categories").iterdir()) == ["giao-duc-thuong-xuyen", "mam-non", "tin-tuc"]


def test_tag_listing(public):
    page = read(public / "tags/chuyen-doi-so/index.html")
    assert page.find("h1").text == "Từ khóa chuyển đổi số"
    assert headlines(page) == ["Tọa đàm chuyển đổi số", "Khai mạc Tuần lễ hưởng ứng học tập suốt đời năm 2021"]
    assert sorted(p.name for p in (public / "tags").iterdir()) == ["chuyen-doi-so", "hoc-tap-suot-doi"]


def test_archive_by_year_and_month(public):
    archive = read(public / "archive/index.html")
    assert archive.find("h1").text == "Lưu trữ"
    years = archive.find("main").find_all("section", cls="archive-year")
    assert [y.find("h2").text for y in years] == ["Năm 2022 (2 bài viết)", "Năm 2021 (3 bài viết)"]
    assert years[0].links() == [("2022/index.html", "Năm 2022"), ("2022/05/index.html", "Tháng 5"),
                                ("2022/03/index.html", "Tháng 3")]
    month = read(public / "archive/2021/10/index.html")
    assert month.find("h1").text == "Tháng 10/2021"
    assert headlines(month) == ["Bế mạc Tuần lễ", "Tọa đàm chuyển đổi số"]
    assert headlines(read(public / "archive/2021/10/page-2.html")) == [
        "Khai mạc Tuần lễ hưởng ứng học tập suốt đời năm 2021"]
    year = read(public / "archive/2022/index.html")
    assert year.find("h1").text == "Năm 2022"
    assert headlines(year) == ["Tuyển sinh lớp 10", "Hội thi giáo viên giỏi"]


def test_standalone_pages(public):
    page = read(public / "pages/gioi-thieu.html")
    assert page.find("main").find("h1").text == "Giới thiệu"
    assert "Sở Giáo dục và Đào tạo tỉnh." in page.find("main").text
    assert (public / "pages/lien-he.html").is_file()


def test_404_page_is_self_contained(public):
    html = (public / "404.html").read_text(encoding="utf-8")
    page = read(public / "404.html")
    assert page.find("h1").text == "Không tìm thấy trang"
    assert page.find("main").links() == [("index.html", "Về trang chủ")]
    assert page.find_all("link", rel="stylesheet") == [] and "--brand" in page.find("style").children[0]
    assert page.find("link", rel="icon").attrs["href"].startswith("data:image/svg+xml;base64,")
    assert page.find_all("link", rel="canonical") == []
    assert page.find("meta", name="robots").attrs["content"] == "noindex"
    assert "src=" not in html


# ------------------------------------------------------------------ every page

def test_menu_on_every_page(public):
    expected = {
        "index.html": ["index.html", "categories/giao-duc-thuong-xuyen/index.html", "pages/gioi-thieu.html",
                       "archive/index.html"],
        "articles/toa-dam.html": ["../index.html", "../categories/giao-duc-thuong-xuyen/index.html",
                                  "../pages/gioi-thieu.html", "../archive/index.html"],
        "archive/2021/10/index.html": ["../../../index.html", "../../../categories/giao-duc-thuong-xuyen/index.html",
                                       "../../../pages/gioi-thieu.html", "../../index.html"],
    }
    for path, hrefs in expected.items():
        menu = read(public / path).find("nav", cls="site-menu")
        assert menu.links() == [*zip(hrefs, ["Trang chủ", "GDTX", "Giới thiệu", "Lưu trữ"]),
                                ("https://dichvucong.gov.vn", "Dịch vụ công")]
    current = read(public / "pages/gioi-thieu.html").find("nav", cls="site-menu").find("a", href="gioi-thieu.html")
    assert current.attrs["aria-current"] == "page"


def test_sidebar_hot_featured_calendar_and_links(public):
    page = read(public / "articles/be-mac.html")
    assert [t for _, t in box(page, "Tin nóng").links()] == ["Tuyển sinh lớp 10",
                                                            "Khai mạc Tuần lễ hưởng ứng học tập suốt đời năm 2021"]
    assert [t for _, t in box(page, "Tin tiêu điểm").links()] == [
        "Tọa đàm chuyển đổi số", "Khai mạc Tuần lễ hưởng ứng học tập suốt đời năm 2021"]
    calendar = box(page, "Lịch công tác")
    items = [li.text for li in calendar.find_all("li")]
    assert items == ["01/12/2026 Tập huấn giáo viên", "05/12/2026 08:00 Hội nghị tổng kết năm – Hạ Long"]
    assert box(page, "Website liên kết").links() == [("https://moet.gov.vn", "Bộ Giáo dục và Đào tạo")]


def test_work_calendar_says_it_is_empty(make_site, build_site):
    site = make_site({"content/articles/a.md": article(),
                      "content/campaigns/c.yaml": "title: C\nstart: 2021-10-01\nend: 2021-10-07\nactivities:\n"
                                                  "  - {date: 2021-10-01, title: Đã qua}\n"})
    page = read(build_site(site) / "index.html")
    assert box(page, "Lịch công tác").text == "Lịch công tác Lịch công tác trống Xem toàn bộ lịch"
    assert [s.find("h2").text for s in page.find("aside", cls="sidebar").find_all("section")] == ["Lịch công tác"]


def test_drafts_and_scheduled_articles_are_nowhere(public):
    every_html = "".join(p.read_text(encoding="utf-8") for p in public.rglob("*.html"))
    for hidden in ("Bản nháp bí mật", "nhap.html", "Bí mật", "Thông báo hẹn giờ", "hen-gio"):
        assert hidden not in every_html
    assert not (public / "articles/nhap.html").exists() and not (public / "tags/nhap").exists()
    assert not (public / "categories/bi-mat").exists()


def test_scheduled_article_appears_in_a_build_after_its_moment(news_site, build_site):
    public = build_site(news_site, now=datetime(2030, 1, 1, 8, 0, tzinfo=HCM))
    assert (public / "articles/hen-gio.html").is_file()
    assert headlines(read(public / "index.html"))[0] == "Thông báo hẹn giờ"


def test_only_used_media_are_copied(public):
    originals = sorted(p.relative_to(public).as_posix() for p in (public / "media").rglob("*")
                       if not re.search(r"-\d+w\.\w+$", p.name))  # smaller renditions sit beside each image
    assert originals == [
        "media/khai-mac", "media/khai-mac/anh-1.jpg", "media/khai-mac/anh-2.jpg", "media/khai-mac/quang-canh.jpg"]


def test_two_builds_give_identical_bytes(news_site, build_site, tmp_path):
    from generator.pipeline import BuildOptions, build
    first = build_site(news_site)
    second = tmp_path / "second"
    build(news_site, second, BuildOptions(now=NOW))
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)


def test_english_site(make_site, build_site):
    site = make_site({"content/articles/a.md": article("Opening", hot="true", category="News"),
                      "content/pages/about.md": "---\ntitle: About\n---\n"},
                     config="title: Department\nlanguage: en\nlinks:\n  - {title: Ministry, url: https://moet.gov.vn}\n")
    public = build_site(site)
    home = read(public / "index.html")
    assert home.find("html").attrs["lang"] == "en"
    assert home.find("h1").text == "Latest news"
    assert [s.find("h2").text for s in home.find("aside").find_all("section")] == [
        "Hot news", "Work calendar", "Linked websites"]
    assert box(home, "Work calendar").find("p").text == "The work calendar is empty"
    assert home.find("a", cls="skip-link").text == "Skip to content"
    archive = read(public / "archive/index.html")
    assert archive.find("h1").text == "Archive"
    assert ("2021/10/index.html", "October") in archive.links()
    assert read(public / "archive/2021/10/index.html").find("h1").text == "October 2021"
    assert read(public / "404.html").find("h1").text == "Page not found"
    assert read(public / "categories/news/index.html").find("h1").text == "Category News"


def test_a_site_elsewhere_uses_its_own_template_and_the_default_theme_for_the_rest(tmp_path):
    site = write_files(tmp_path / "somewhere" / "truong-thpt", {
        "site.yaml": "title: Trường THPT Hạ Long\n",
        "content/articles/a.md": article("Khai giảng"),
        "content/pages/gioi-thieu.md": "---\ntitle: Giới thiệu trường\n---\nLịch sử.\n",
        "templates/page.html": """\
            {% extends "base.html" %}
            {% block content %}<article class="school-page"><h1>★ {{ page.title }}</h1>{{ body | safe }}</article>{% endblock %}
            """,
        "templates/assets/school.css": "body { color: #123; }\n",
    })
    run = subprocess.run([sys.executable, str(REPO / "build.py"), "--site", str(site)],
                         cwd=tmp_path, capture_output=True, text=True, env={"SOURCE_DATE_EPOCH": "1795838400",
                                                                            "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr
    public = site / "public"
    page = read(public / "pages/gioi-thieu.html")
    assert page.find("article", cls="school-page").find("h1").text == "★ Giới thiệu trường"
    assert re.fullmatch(r"\.\./assets/style\.[0-9a-f]+\.css",  # the default base.html, hashed name
                        page.find("link", rel="stylesheet").attrs["href"])
    assert read(public / "articles/a.html").find("h1").text == "Khai giảng"  # the default article.html
    [school_css] = (public / "assets").glob("school.*.css")  # the site's own asset, with a content hash
    assert school_css.read_text() == "body { color: #123; }\n"
    [style] = (public / "assets").glob("style.*.css")
    assert style.read_bytes() == (REPO / "templates/assets/style.css").read_bytes()


def test_the_cycle_collector_rests_during_a_build_and_is_back_after(make_site):
    site = make_site({"content/articles/a.md": article("Bài", "2021-10-01 09:00", "Chữ.")})
    seen = set()
    build(site, site / "public", BuildOptions(), progress=lambda stage, done, total: seen.add(gc.isenabled()))
    assert seen == {False} and gc.isenabled()
    write_files(site, {"content/articles/b.md": "---\ntitle: [\n---\n"})
    with pytest.raises(BuildError):
        build(site, site / "public", BuildOptions())
    assert gc.isenabled()
    (site / "content/articles/b.md").unlink()
    gc.disable()
    try:  # a program that keeps the collector off finds it off
        build(site, site / "public", BuildOptions())
        assert not gc.isenabled()
    finally:
        gc.enable()
