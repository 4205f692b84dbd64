"""fields.py: one parser per kind of value, each with good and bad values."""

from __future__ import annotations

import os
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from generator.errors import ContentError
from generator.fields import (FieldContext, parse_bool, parse_date, parse_datetime, parse_gallery, parse_int,
                              parse_optional_text, parse_site_path, parse_slug, parse_tags, parse_term,
                              parse_text, parse_time, slugify)

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def code_of(action) -> str:
    with pytest.raises(ContentError) as caught:
        action()
    return caught.value.code


@pytest.mark.parametrize("text, slug", [
    ("Đồng chí", "dong-chi"),
    ("Khai mạc Tuần lễ hưởng ứng học tập suốt đời năm 2021", "khai-mac-tuan-le-huong-ung-hoc-tap-suot-doi-nam-2021"),
    ("Giáo dục thường xuyên", "giao-duc-thuong-xuyen"),
    ("ĐẠI HỘI đoàn", "dai-hoi-doan"),
    ("  Hội nghị: tổng kết!  ", "hoi-nghi-tong-ket"),
    ("COVID-19", "covid-19"),
    ("!!!", ""),
])
def test_slugify_transliterates_vietnamese(text, slug):
    assert slugify(text) == slug


def test_text():
    assert parse_text("  Khai mạc ") == "Khai mạc"
    assert parse_text(2021) == "2021"
    for bad in (None, "", "   ", True, [], {"a": 1}):
        assert code_of(lambda: parse_text(bad)) == "expected_text"


def test_optional_text():
    assert parse_optional_text(None) is None
    assert parse_optional_text("") is None
    assert parse_optional_text(" Nhàn ") == "Nhàn"
    assert code_of(lambda: parse_optional_text(["a"])) == "expected_text"


def test_bool():
    assert parse_bool(True) is True and parse_bool(False) is False
    for bad in ("yes", "true", 1, None):
        assert code_of(lambda: parse_bool(bad)) == "expected_bool"


def test_int():
    assert parse_int(10) == 10
    assert parse_int(0, minimum=0) == 0
    for bad in (0, -1, "10", 1.5, True):
        assert code_of(lambda: parse_int(bad)) == "expected_int"


@pytest.mark.parametrize("value, expected", [
    ("2021-10-01", date(2021, 10, 1)),
    ("2021-1-5", date(2021, 1, 5)),
    ("01/10/2021", date(2021, 10, 1)),
    ("1/10/2021", date(2021, 10, 1)),
    (" 2024-02-29 ", date(2024, 2, 29)),
])
def test_date_good(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value, code", [
    ("31/02/2021", "no_such_day"),
    ("2021-02-29", "no_such_day"),
    ("2021-13-01", "no_such_day"),
    ("01.10.2021", "bad_date"),
    ("mùng 1 tháng 10", "bad_date"),
    ("20211001", "bad_date"),
    ("", "bad_date"),
    (None, "bad_date"),
])
def test_date_bad(value, code):
    assert code_of(lambda: parse_date(value)) == code


def test_time():
    assert parse_time("09:43") == time(9, 43)
    assert parse_time("9:05:30") == time(9, 5, 30)
    for bad in ("24:00", "09:60", "9h", "0943", ""):
        assert code_of(lambda: parse_time(bad)) == "bad_time"


@pytest.mark.parametrize("value, expected", [
    ("2021-10-01 09:43", datetime(2021, 10, 1, 9, 43, tzinfo=HCM)),
    ("2021-10-01T09:43", datetime(2021, 10, 1, 9, 43, tzinfo=HCM)),
    ("01/10/2021 09:43", datetime(2021, 10, 1, 9, 43, tzinfo=HCM)),
    ("2021-10-01", datetime(2021, 10, 1, 0, 0, tzinfo=HCM)),
])
def test_datetime_good_is_local_to_the_site(value, expected):
    parsed = parse_datetime(value, HCM)
    assert parsed == expected and parsed.utcoffset().total_seconds() == 7 * 3600


@pytest.mark.parametrize("value, code", [
    ("31/02/2021 09:43", "no_such_day"),
    ("2021-10-01 25:00", "bad_datetime"),
    ("2021-10-01 09:43 sáng", "bad_datetime"),
    ("hôm qua", "bad_datetime"),
    ("", "bad_datetime"),
])
def test_datetime_bad(value, code):
    assert code_of(lambda: parse_datetime(value, HCM)) == code


def test_tags():
    assert parse_tags(["học tập suốt đời", "chuyển đổi số"]) == ("học tập suốt đời", "chuyển đổi số")
    assert parse_tags("học tập, chuyển đổi số, ") == ("học tập", "chuyển đổi số")
    assert parse_tags([]) == ()
    # Spellings of one tag (one URL) count once; the first spelling wins.
    assert parse_tags(["Chuyển đổi số", "chuyển đổi số", "Chuyen doi so"]) == ("Chuyển đổi số",)
    assert code_of(lambda: parse_tags(12)) == "expected_list"
    assert code_of(lambda: parse_tags(["a", ["b"]])) == "expected_text"
    assert code_of(lambda: parse_tags(["ok", "???"])) == "bad_slug"


def test_term():
    assert parse_term("Giáo dục thường xuyên") == "Giáo dục thường xuyên"
    assert code_of(lambda: parse_term("…")) == "bad_slug"
    assert code_of(lambda: parse_term(None)) == "expected_text"


def test_slug():
    assert parse_slug("khai-mac-tuan-le-2021") == "khai-mac-tuan-le-2021"
    assert parse_slug("Khai mạc 2021") == "khai-mac-2021"
    assert code_of(lambda: parse_slug("../../etc/passwd")) == "slug_path"  # a slug names a file, never a path
    assert code_of(lambda: parse_slug("a\\b")) == "slug_path"
    assert code_of(lambda: parse_slug("???")) == "bad_slug"
    assert code_of(lambda: parse_slug("")) == "expected_text"


# ------------------------------------------------------------------ paths

@pytest.fixture
def ctx(tmp_path) -> FieldContext:
    content = tmp_path / "content"
    (content / "media" / "2021").mkdir(parents=True)
    (content / "media" / "2021" / "a.jpg").write_bytes(b"jpg")
    (content / "articles" / "2021").mkdir(parents=True)
    article = content / "articles" / "2021" / "khai-mac.md"
    article.write_text("---\n---\n")
    (tmp_path / "secret.txt").write_text("no")
    return FieldContext(tmp_path, content, article, HCM)


def test_site_path_good(ctx):
    assert parse_site_path("../../media/2021/a.jpg", ctx) == "media/2021/a.jpg"
    assert parse_site_path("../../media/2021/./a.jpg", ctx) == "media/2021/a.jpg"


@pytest.mark.parametrize("value, code", [
    ("../../media/2021/b.jpg", "missing_file"),
    ("../../media/2021", "missing_file"),
    ("/etc/passwd", "path_not_relative"),
    ("C:\\anh\\a.jpg", "path_not_relative"),
    ("https://example.org/a.jpg", "path_not_relative"),
    ("../../../secret.txt", "path_outside"),
    ("", "expected_text"),
])
def test_site_path_bad(ctx, value, code):
    assert code_of(lambda: parse_site_path(value, ctx)) == code


def test_site_path_symlink_leading_out_is_refused(ctx, tmp_path):
    os.symlink(tmp_path / "secret.txt", ctx.content_root / "media" / "link.txt")
    assert code_of(lambda: parse_site_path("../../media/link.txt", ctx)) == "path_outside"


def test_gallery(ctx):
    assert parse_gallery([
        {"src": "../../media/2021/a.jpg", "caption": "Quang cảnh"},
        "../../media/2021/a.jpg",
        {"src": "../../media/2021/a.jpg", "alt": "Đại biểu"},
    ], ctx) == (("media/2021/a.jpg", "Quang cảnh"), ("media/2021/a.jpg", ""), ("media/2021/a.jpg", "Đại biểu"))


@pytest.mark.parametrize("value, code", [
    ("../../media/2021/a.jpg", "expected_list"),
    ([{"src": "../../media/2021/a.jpg", "title": "x"}], "gallery_unknown_key"),
    ([{"caption": "no src"}], "gallery_entry"),
    ([12], "gallery_entry"),
    ([{"src": "../../media/2021/none.jpg"}], "missing_file"),
])
def test_gallery_bad(ctx, value, code):
    assert code_of(lambda: parse_gallery(value, ctx)) == code
