"""Every editor mistake ends in one message with file, line and the fix; nothing is published half-built."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE_NOW, MINIMAL_CONFIG, REPO, article

from generator import i18n
from generator.errors import BuildError, problem
from generator.pipeline import BuildOptions, build

CAMPAIGN = "title: C\nstart: 2021-10-01\nend: 2021-10-07\n"
LATIN1 = "---\ntitle: Tu\u00e2\u0300n l\u00ea\u0303\ndate: 2021-10-01\n---\n".encode("cp1258")


def build_errors(site: Path, language: str = "vi") -> list[str]:
    with pytest.raises(BuildError) as caught:
        build(site, site / "public", BuildOptions(now=EXAMPLE_NOW))
    return [p.format(language) for p in caught.value.errors]


# One case per kind of mistake an editor makes: the files, then the one message it must give.
MISTAKES = [
    ("yaml_quote", {"content/articles/a.md": '---\ntitle: "Khai mạc Tuần lễ\ndate: 2021-10-01 09:43\n---\n'},
     "content/articles/a.md:2: lỗi: dấu nháy mở ở dòng này chưa được đóng: thêm dấu nháy đóng ở cuối giá trị"),
    ("yaml_syntax", {"content/articles/a.md": "---\n- title: A\ndate: 2021-10-01\n---\n"},
     "content/articles/a.md:3: lỗi: không đọc được YAML (did not find expected '-' indicator); "
     "kiểm tra thụt lề và dấu nháy ở dòng này"),
    ("tab", {"content/articles/a.md": "---\ntitle: Khai mạc\n\tdate: 2021-10-01 09:43\n---\n"},
     "content/articles/a.md:3: lỗi: có ký tự tab: YAML cần thụt lề bằng dấu cách; thay tab bằng dấu cách"),
    ("colon in an unquoted title",
     {"content/articles/a.md": "---\ntitle: Hội nghị: tổng kết năm học\ndate: 2021-10-01 09:43\n---\n"},
     'content/articles/a.md:2: lỗi: có dấu hai chấm trong giá trị: đặt cả giá trị trong dấu nháy, '
     'ví dụ title: "Hội nghị: tổng kết"'),
    ("unclosed bracket", {"content/articles/a.md": "---\ntitle: A\ntags: [học tập, số\ndate: 2021-10-01\n---\n"},
     "content/articles/a.md:3: lỗi: dấu '[' hoặc '{' mở ở dòng này chưa được đóng: thêm ']' hoặc '}' ở cuối, "
     "các mục cách nhau bằng dấu phẩy"),
    ("indentation", {"content/articles/a.md": "---\ntitle: A\n  date: 2021-10-01\n---\n"},
     "content/articles/a.md:3: lỗi: thụt lề sai: các khóa cùng cấp phải bắt đầu ở cùng một cột; "
     "bỏ dấu cách thừa ở đầu dòng"),
    ("reserved character", {"content/articles/a.md": "---\ntitle: @Sở GDĐT\ndate: 2021-10-01\n---\n"},
     "content/articles/a.md:2: lỗi: giá trị bắt đầu bằng ký tự dành riêng của YAML (@ ` * & ! %): "
     "đặt cả giá trị trong dấu nháy"),
    ("key written twice", {"content/articles/a.md": "---\ntitle: A\ndate: 2021-10-01\ntitle: B\n---\n"},
     "content/articles/a.md:4: lỗi: 'title' được viết hai lần; chỉ giữ một"),
    ("front matter a list", {"content/articles/a.md": "---\n- A\n- B\n---\n"},
     "content/articles/a.md:2: lỗi: phần này phải gồm các dòng 'tên: giá trị'"),
    ("missing title", {"content/articles/a.md": "---\ndate: 2021-10-01 09:43\n---\n"},
     "content/articles/a.md:2: lỗi: thiếu 'title': thêm một dòng 'title: ...'"),
    ("bad date", {"content/articles/a.md": article(date="hôm qua")},
     "content/articles/a.md:3: lỗi: 'date' không phải ngày giờ: 'hôm qua'; viết theo dạng 2021-10-01 09:43"),
    ("31/02/2021", {"content/articles/a.md": article(date="31/02/2021 09:43")},
     "content/articles/a.md:3: lỗi: 'date': không có ngày '31/02/2021 09:43'; kiểm tra lại ngày và tháng "
     "(2021-10-01 09:43)"),
    ("unknown campaign id", {"content/articles/a.md": article(campaign="tuan-le-2020"),
                             "content/campaigns/tuan-le-2021.yaml": CAMPAIGN},
     "content/articles/a.md:4: lỗi: 'campaign': không có chiến dịch 'tuan-le-2020' trong content/campaigns/; "
     "hiện có: tuan-le-2021"),
    ("image that does not exist", {"content/articles/a.md": article(image="../media/quang-canh.jpg")},
     "content/articles/a.md:4: lỗi: 'image': không có tệp '../media/quang-canh.jpg' tính từ tệp này; "
     "kiểm tra tên tệp và số bước ../"),
    ("image in the body that does not exist", {"content/articles/a.md": article(body="![Ảnh](../media/khong.jpg)")},
     "content/articles/a.md:5: lỗi: liên kết hoặc ảnh '../media/khong.jpg' không trỏ tới tệp nào; "
     "kiểm tra đường dẫn tính từ tệp này"),
    ("unknown key, did you mean", {"content/articles/a.md": article(catgory="Tin tức")},
     "content/articles/a.md:4: lỗi: khóa lạ 'catgory': có phải ý bạn là 'category'?"),
    ("unknown key without a guess", {"content/pages/a.md": "---\ntitle: A\nxyz: 1\n---\n"},
     "content/pages/a.md:3: lỗi: khóa lạ 'xyz': các khóa được dùng ở đây là title, slug, summary"),
    ("two files with one slug", {"content/articles/2021/khai-mac.md": article(),
                                 "content/articles/2022/khai-mac.md": article()},
     "content/articles/2022/khai-mac.md: lỗi: hai bài viết cùng một địa chỉ articles/khai-mac.html: "
     "tệp này và content/articles/2021/khai-mac.md; thêm 'slug: ...' khác vào một trong hai tệp"),
    ("two pages with one slug", {"content/pages/a.md": "---\ntitle: A\n---\n",
                                 "content/pages/b.md": "---\ntitle: B\nslug: a\n---\n"},
     "content/pages/b.md:3: lỗi: hai trang cùng một địa chỉ pages/a.html: tệp này và content/pages/a.md; "
     "thêm 'slug: ...' khác vào một trong hai tệp"),
    ("non-UTF-8 file", {"content/articles/a.md": LATIN1},
     "content/articles/a.md:2: lỗi: tệp không phải UTF-8 (byte lỗi đầu tiên ở dòng này; có thể phần mềm cũ đã lưu "
     "theo Windows-1258 hoặc TCVN3): mở lại và lưu dạng UTF-8"),
    ("binary file", {"content/articles/a.md": b"\x89PNG\x00\x00"},
     "content/articles/a.md: lỗi: đây không phải tệp văn bản (có dữ liệu nhị phân); hãy lưu bài viết dạng văn bản UTF-8"),
    ("empty file", {"content/articles/a.md": ""},
     "content/articles/a.md: lỗi: tệp rỗng; bài viết bắt đầu bằng phần thông tin giữa hai dòng '---'"),
    ("no front matter", {"content/articles/a.md": "title: A\n"},
     "content/articles/a.md:1: lỗi: tệp phải bắt đầu bằng dòng '---', rồi title, date và các trường khác, rồi '---'"),
    ("front matter not closed", {"content/articles/a.md": "---\ntitle: A\ndate: 2021-10-01\n"},
     "content/articles/a.md:1: lỗi: phần thông tin chưa đóng: thêm dòng '---' sau trường cuối cùng"),
    ("yes for true", {"content/articles/a.md": article(hot="có")},
     "content/articles/a.md:4: lỗi: 'hot' phải là true hoặc false, không phải 'có'"),
    ("a list for text", {"content/articles/a.md": article(author="[a, b]")},
     "content/articles/a.md:4: lỗi: 'author' phải là văn bản: viết sau dấu hai chấm, ví dụ 'author: ...'"),
    ("a mapping for tags", {"content/articles/a.md": article(tags="{a: 1}")},
     "content/articles/a.md:4: lỗi: 'tags' phải là một danh sách: viết 'tags: [mục 1, mục 2]'"),
    ("slug without letters", {"content/articles/a.md": article(slug='"???"')},
     "content/articles/a.md:4: lỗi: 'slug': '???' cho địa chỉ rỗng; dùng chữ hoặc số, ví dụ khai-mac-2021"),
    ("file name without letters", {"content/articles/!!!.md": article()},
     "content/articles/!!!.md: lỗi: tên tệp cho địa chỉ rỗng: đổi tên bằng chữ hoặc số, hoặc thêm 'slug: ...'"),
    ("absolute image path", {"content/articles/a.md": article(image="/media/a.jpg")},
     "content/articles/a.md:4: lỗi: 'image': '/media/a.jpg' phải là đường dẫn tương đối từ tệp này, "
     "ví dụ ../../media/2021/anh.jpg"),
    ("image outside content/", {"content/articles/a.md": article(image="../../site.yaml")},
     "content/articles/a.md:4: lỗi: 'image': '../../site.yaml' trỏ ra ngoài content/; "
     "hãy để ảnh và tệp trong content/media/"),
    ("unknown key in a gallery entry", {"content/media/a.jpg": b"x", "content/articles/a.md": article(
        gallery="\n  - {src: ../media/a.jpg, title: x}")},
     "content/articles/a.md:4: lỗi: 'gallery': khóa lạ 'title' trong một mục; viết '- {src: ..., caption: ...}'"),
    ("gallery entry without src", {"content/articles/a.md": article(gallery="\n  - {caption: x}")},
     "content/articles/a.md:4: lỗi: 'gallery': mỗi mục phải là '- {src: đường dẫn, caption: chú thích}'"),
    ("activity reports on an unknown article", {"content/campaigns/c.yaml": CAMPAIGN + (
        "activities:\n  - {date: 2021-10-01, title: A, report: khong-co}\n")},
     "content/campaigns/c.yaml:5: lỗi: 'report': không có bài viết nào có slug 'khong-co'; "
     "kiểm tra slug hoặc tên tệp của bài"),
    ("bad plan", {"content/campaigns/c.yaml": CAMPAIGN + "plan: [1]\n"},
     "content/campaigns/c.yaml:4: lỗi: 'plan' phải là '{number: ..., date: 2021-09-22, file: ../media/ke-hoach.pdf}'"),
    ("activity that is a line of text", {"content/campaigns/c.yaml": CAMPAIGN + "activities:\n  - Khai mạc\n"},
     "content/campaigns/c.yaml:5: lỗi: mỗi hoạt động phải là một nhóm dòng bắt đầu bằng '- date: 2021-10-01'"),
    ("bad activity time", {"content/campaigns/c.yaml": CAMPAIGN + (
        "activities:\n  - {date: 2021-10-01, time: 9 giờ, title: A}\n")},
     "content/campaigns/c.yaml:5: lỗi: 'time': '9 giờ' không phải giờ; viết \"09:00\" hoặc khoảng \"09:00-11:00\", "
     "trong dấu nháy"),
    ("reversed time span", {"content/campaigns/c.yaml": CAMPAIGN + (
        "activities:\n  - {date: 2021-10-01, time: 11:00-09:00, title: A}\n")},
     "content/campaigns/c.yaml:5: lỗi: 'time': '11:00-09:00' kết thúc trước khi bắt đầu; viết giờ sớm hơn trước"),
    ("bad campaign date", {"content/campaigns/c.yaml": CAMPAIGN.replace("2021-10-01", "mùng một")},
     "content/campaigns/c.yaml:2: lỗi: 'start' không phải ngày: 'mùng một'; viết theo dạng 2021-10-01"),
    ("campaign file name with accents", {"content/campaigns/Tuần lễ.yaml": CAMPAIGN},
     "content/campaigns/Tuần lễ.yaml: lỗi: tên tệp chiến dịch là mã của nó và phải viết không dấu: "
     "đổi tên tệp thành tuan-le.yaml"),
]


@pytest.mark.parametrize("files, message", [case[1:] for case in MISTAKES], ids=[case[0] for case in MISTAKES])
def test_each_mistake_gives_one_message_with_file_line_and_fix(make_site, files, message):
    assert build_errors(make_site(files)) == [message]


@pytest.mark.parametrize("config, message", [
    ("title: A\nper_pgae: 5\n", "site.yaml:2: lỗi: khóa lạ 'per_pgae': có phải ý bạn là 'per_page'?"),
    ("per_page: 5\n", "site.yaml:1: lỗi: thiếu 'title': thêm một dòng 'title: ...'"),
    ("title: A\nlanguage: fr\n", "site.yaml:2: lỗi: 'language': chưa hỗ trợ 'fr'; dùng một trong en, vi"),
    ("title: A\nmenu:\n  - {title: Giới thiệu, page: gioi-thieu}\n",
     "site.yaml:3: lỗi: danh mục trỏ tới trang 'gioi-thieu' không có trong content/pages/; hiện có: -"),
    ("title: A\nlinks:\n  - {title: Bộ, url: moet.gov.vn}\n",
     "site.yaml:3: lỗi: 'moet.gov.vn' không phải địa chỉ đầy đủ: viết cả https://, ví dụ https://moet.gov.vn"),
])
def test_site_yaml_mistakes(make_site, config, message):
    assert build_errors(make_site({}, config=config)) == [message]


def test_messages_in_english(make_site):
    config = MINIMAL_CONFIG + "language: en\n"
    site = make_site({"content/articles/a.md": article(catgory="News", date="31/02/2021")}, config=config)
    assert build_errors(site, "en") == [
        "content/articles/a.md:3: error: 'date': there is no such day as '31/02/2021'; check the day and month "
        "(2021-10-01 09:43)",
        "content/articles/a.md:4: error: unknown key 'catgory': did you mean 'category'?",
    ]


def test_all_errors_of_a_build_are_reported_together(make_site):
    site = make_site({
        "content/articles/a.md": article(date="31/02/2021"),
        "content/articles/b.md": "---\ntitle: Hội nghị: tổng kết\n---\n",
        "content/articles/c.md": article(image="../media/khong.jpg", hot="có"),
        "content/articles/d.md": article(campaign="khong-co", body="[x](e.md)"),
        "content/campaigns/c.yaml": CAMPAIGN.replace("2021-10-07", "2021-02-31"),
    }, config=MINIMAL_CONFIG + "per_page: 0\n")
    assert [line.split(": lỗi: ")[0] for line in build_errors(site)] == ["site.yaml:5"]
    (site / "site.yaml").write_text(MINIMAL_CONFIG, encoding="utf-8")
    assert [line.split(": lỗi: ")[0] for line in build_errors(site)] == [
        "content/articles/a.md:3", "content/articles/b.md:2", "content/articles/c.md:4", "content/articles/c.md:5",
        "content/articles/d.md:4", "content/articles/d.md:6", "content/campaigns/c.yaml:3"]


def test_python_build_py_exits_non_zero_and_prints_every_error(make_site):
    site = make_site({"content/articles/a.md": article(date="31/02/2021"),
                      "content/articles/b.md": article(catgory="x")})
    run = subprocess.run([sys.executable, str(REPO / "build.py")], cwd=site, capture_output=True, text=True,
                         env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert run.returncode == 1
    lines = run.stderr.splitlines()
    assert lines[-3:] == [
        "content/articles/a.md:3: lỗi: 'date': không có ngày '31/02/2021'; kiểm tra lại ngày và tháng (2021-10-01 09:43)",
        "content/articles/b.md:4: lỗi: khóa lạ 'catgory': có phải ý bạn là 'category'?",
        "Dựng trang thất bại: 2 lỗi; trang cũ được giữ nguyên.",
    ]
    # before them, only the progress lines a log gets (one per stage reached)
    stages = {i18n.message("vi", f"stage_{stage}", {}) for stage in ("load", "markdown", "resolve", "render", "write")}
    assert lines[:-3] and set(lines[:-3]) <= stages
    assert run.stdout == ""
    assert not (site / "public").exists()


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else b"", p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*"))}


@pytest.mark.parametrize("breakage", [
    {"content/articles/a.md": article(date="31/02/2021")},
    {"site.yaml": "title: A\n\tper_page: 5\n"},
    {"templates/article.html": "{% extends 'base.html' %}{% block content %}{{ article.nope }}{% endblock %}"},
])
def test_a_failed_build_leaves_the_previous_site_byte_for_byte(make_site, build_site, breakage):
    site = make_site({"content/articles/a.md": article(), "content/articles/b.md": article("B")})
    public = build_site(site)
    before = snapshot(public)
    make_site(breakage)
    with pytest.raises(BuildError):
        build_site(site)
    assert snapshot(public) == before
    assert sorted(p.name for p in site.iterdir()) == sorted(["content", "public", "site.yaml", *(
        ["templates"] if (site / "templates").exists() else [])])  # no staging folder left behind


def test_a_build_that_cannot_write_reports_it(make_site, tmp_path):
    site = make_site({"content/articles/a.md": article()})
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(BuildError) as caught:
        build(site, blocker / "public", BuildOptions(now=EXAMPLE_NOW))
    (error,) = caught.value.errors
    assert error.code == "write_failed"
    # the writer names the file in the way (here the output folder's parent is a file)
    assert error.format("vi").startswith(f"{blocker / 'public'}: lỗi: ghi trang bị lỗi ở '{blocker}': ")
    assert error.format("vi").endswith("; trang cũ được giữ nguyên")


def test_output_folder_over_the_sources_is_refused(make_site):
    site = make_site({"content/articles/a.md": article()})
    with pytest.raises(BuildError) as caught:
        build(site, site / "content", BuildOptions(now=EXAMPLE_NOW))
    assert [p.format("vi") for p in caught.value.errors] == [
        f"{site / 'content'}: lỗi: không ghi trang vào '{site / 'content'}': việc đó sẽ xóa mã nguồn; "
        "chọn một thư mục riêng như public/"]
    assert (site / "content/articles/a.md").is_file()


def test_template_mistake_names_the_template_line(make_site):
    site = make_site({"content/articles/a.md": article(),
                      "templates/article.html": "{% extends 'base.html' %}\n{% block content %}\n{{ article.nope }\n"
                                                "{% endblock %}\n"})
    assert build_errors(site) == [
        "templates/article.html:3: lỗi: lỗi cú pháp trong mẫu giao diện (unexpected '}'); sửa dòng này của mẫu"]


# Every message of the catalogue, pinned in Vietnamese (the default) with the arguments its code passes.
PINNED_VI = {
    "level_error": ({}, "lỗi"),
    "level_warning": ({}, "cảnh báo"),
    "config_missing": ({}, "không có site.yaml ở đây: chạy lệnh trong thư mục của trang, hoặc chỉ rõ bằng --site"),
    "missing_key": ({"key": "date"}, "thiếu 'date': thêm một dòng 'date: ...'"),
    "unknown_key_guess": ({"key": "catgory", "guess": "category"}, "khóa lạ 'catgory': có phải ý bạn là 'category'?"),
    "unknown_key": ({"key": "xyz", "known": "title, slug"}, "khóa lạ 'xyz': các khóa được dùng ở đây là title, slug"),
    "expected_text": ({"key": "author"}, "'author' phải là văn bản: viết sau dấu hai chấm, ví dụ 'author: ...'"),
    "expected_bool": ({"key": "hot", "value": "có"}, "'hot' phải là true hoặc false, không phải 'có'"),
    "expected_int": ({"key": "per_page", "minimum": "1", "value": "0"},
                     "'per_page' phải là số nguyên từ 1 trở lên, không phải '0'"),
    "expected_list": ({"key": "tags"}, "'tags' phải là một danh sách: viết 'tags: [mục 1, mục 2]'"),
    "expected_list_of": ({"key": "menu"}, "'menu' phải là danh sách các mục, mỗi mục bắt đầu bằng '- '"),
    "expected_mapping": ({"key": "feeds"}, "'feeds' phải gồm các dòng 'tên: giá trị', thụt lề bên dưới"),
    "bad_date": ({"key": "start", "value": "x"}, "'start' không phải ngày: 'x'; viết theo dạng 2021-10-01"),
    "no_such_day": ({"key": "date", "value": "31/02/2021"},
                    "'date': không có ngày '31/02/2021'; kiểm tra lại ngày và tháng (2021-10-01 09:43)"),
    "bad_time": ({"key": "time", "value": "9h"}, "'time': '9h' không phải giờ; viết theo dạng 09:00"),
    "bad_datetime": ({"key": "date", "value": "x"}, "'date' không phải ngày giờ: 'x'; viết theo dạng 2021-10-01 09:43"),
    "bad_time_span": ({"key": "time", "value": "x"},
                      "'time': 'x' không phải giờ; viết \"09:00\" hoặc khoảng \"09:00-11:00\", trong dấu nháy"),
    "time_span_reversed": ({"key": "time", "value": "11:00-09:00"},
                           "'time': '11:00-09:00' kết thúc trước khi bắt đầu; viết giờ sớm hơn trước"),
    "bad_slug": ({"key": "slug", "value": "???"},
                 "'slug': '???' cho địa chỉ rỗng; dùng chữ hoặc số, ví dụ khai-mac-2021"),
    "bad_file_name": ({}, "tên tệp cho địa chỉ rỗng: đổi tên bằng chữ hoặc số, hoặc thêm 'slug: ...'"),
    "bad_campaign_file_name": ({"suggestion": "tuan-le.yaml"},
                               "tên tệp chiến dịch là mã của nó và phải viết không dấu: đổi tên tệp thành tuan-le.yaml"),
    "path_not_relative": ({"key": "image", "value": "/a.jpg"},
                          "'image': '/a.jpg' phải là đường dẫn tương đối từ tệp này, ví dụ ../../media/2021/anh.jpg"),
    "path_outside": ({"key": "image", "value": "../../x"},
                     "'image': '../../x' trỏ ra ngoài content/; hãy để ảnh và tệp trong content/media/"),
    "missing_file": ({"key": "image", "value": "a.jpg"},
                     "'image': không có tệp 'a.jpg' tính từ tệp này; kiểm tra tên tệp và số bước ../"),
    "gallery_unknown_key": ({"entry_key": "title"},
                            "'gallery': khóa lạ 'title' trong một mục; viết '- {src: ..., caption: ...}'"),
    "gallery_entry": ({}, "'gallery': mỗi mục phải là '- {src: đường dẫn, caption: chú thích}'"),
    "plan_entry": ({}, "'plan' phải là '{number: ..., date: 2021-09-22, file: ../media/ke-hoach.pdf}'"),
    "activity_entry": ({}, "mỗi hoạt động phải là một nhóm dòng bắt đầu bằng '- date: 2021-10-01'"),
    "analytics_template_end": ({}, "'analytics' có thẻ '</template>' không đóng thẻ <template> nào của chính nó: trang "
                               "giữ đoạn mã trong một thẻ <template> cho đến khi được mở từ máy chủ web, và thẻ đó sẽ "
                               "kết thúc nó quá sớm, khiến phần còn lại chạy trên mọi bản sao của trang, kể cả USB. "
                               "Hãy bỏ thẻ đó đi, hoặc thêm thẻ <template> mà nó đóng"),
    "bad_base_url": ({"value": "example.org"},
                     "'base_url' phải là địa chỉ đầy đủ bắt đầu bằng https://, không phải 'example.org'"),
    "bad_language": ({"value": "fr", "known": "en, vi"}, "'language': chưa hỗ trợ 'fr'; dùng một trong en, vi"),
    "bad_timezone": ({"value": "Hanoi"}, "'timezone': 'Hanoi' không phải múi giờ; viết ví dụ Asia/Ho_Chi_Minh"),
    "menu_entry": ({}, "mỗi mục danh mục phải có tiêu đề: '- {title: ..., page: ...}'"),
    "menu_target": ({"targets": "home, page"}, "mỗi mục danh mục chỉ trỏ tới đúng một đích, một trong: home, page"),
    "menu_flag": ({"kind": "home"}, "mục danh mục 'home' nhận giá trị 'true': viết '{title: ..., home: true}'"),
    "menu_unknown_category": ({"value": "x", "known": "a"},
                              "danh mục trỏ tới chuyên mục 'x' mà không bài nào dùng; hiện có: a"),
    "menu_unknown_campaign": ({"value": "x", "known": "a"},
                              "danh mục trỏ tới chiến dịch 'x' không có tệp trong content/campaigns/; hiện có: a"),
    "menu_unknown_page": ({"value": "x", "known": "a"},
                          "danh mục trỏ tới trang 'x' không có trong content/pages/; hiện có: a"),
    "external_url": ({"value": "moet.gov.vn"},
                     "'moet.gov.vn' không phải địa chỉ đầy đủ: viết cả https://, ví dụ https://moet.gov.vn"),
    "link_entry": ({}, "mỗi liên kết phải là '- {title: ..., url: https://...}'"),
    "file_too_large": ({"size": "6.0", "limit": "5"},
                       "tệp nặng 6.0 MB; tệp văn bản trên 5 MB bị từ chối: đây có thật là Markdown?"),
    "binary_file": ({}, "đây không phải tệp văn bản (có dữ liệu nhị phân); hãy lưu bài viết dạng văn bản UTF-8"),
    "not_utf8": ({}, "tệp không phải UTF-8 (byte lỗi đầu tiên ở dòng này; có thể phần mềm cũ đã lưu theo "
                     "Windows-1258 hoặc TCVN3): mở lại và lưu dạng UTF-8"),
    "empty_file": ({}, "tệp rỗng; bài viết bắt đầu bằng phần thông tin giữa hai dòng '---'"),
    "no_front_matter": ({}, "tệp phải bắt đầu bằng dòng '---', rồi title, date và các trường khác, rồi '---'"),
    "front_matter_unclosed": ({}, "phần thông tin chưa đóng: thêm dòng '---' sau trường cuối cùng"),
    "yaml_tab": ({}, "có ký tự tab: YAML cần thụt lề bằng dấu cách; thay tab bằng dấu cách"),
    "yaml_colon": ({}, 'có dấu hai chấm trong giá trị: đặt cả giá trị trong dấu nháy, ví dụ title: "Hội nghị: tổng kết"'),
    "yaml_quote": ({}, "dấu nháy mở ở dòng này chưa được đóng: thêm dấu nháy đóng ở cuối giá trị"),
    "yaml_bracket": ({}, "dấu '[' hoặc '{' mở ở dòng này chưa được đóng: thêm ']' hoặc '}' ở cuối, "
                         "các mục cách nhau bằng dấu phẩy"),
    "yaml_reserved": ({}, "giá trị bắt đầu bằng ký tự dành riêng của YAML (@ ` * & ! %): đặt cả giá trị trong dấu nháy"),
    "yaml_indent": ({}, "thụt lề sai: các khóa cùng cấp phải bắt đầu ở cùng một cột; bỏ dấu cách thừa ở đầu dòng"),
    "yaml_duplicate": ({"key": "title"}, "'title' được viết hai lần; chỉ giữ một"),
    "yaml_syntax": ({"detail": "d"}, "không đọc được YAML (d); kiểm tra thụt lề và dấu nháy ở dòng này"),
    "yaml_not_mapping": ({}, "phần này phải gồm các dòng 'tên: giá trị'"),
    "duplicate_article": ({"url": "articles/a.html", "other": "content/articles/a.md"},
                          "hai bài viết cùng một địa chỉ articles/a.html: tệp này và content/articles/a.md; "
                          "thêm 'slug: ...' khác vào một trong hai tệp"),
    "duplicate_page": ({"url": "pages/a.html", "other": "content/pages/a.md"},
                       "hai trang cùng một địa chỉ pages/a.html: tệp này và content/pages/a.md; "
                       "thêm 'slug: ...' khác vào một trong hai tệp"),
    "unknown_campaign": ({"value": "x", "known": "a"},
                         "'campaign': không có chiến dịch 'x' trong content/campaigns/; hiện có: a"),
    "unknown_report": ({"value": "x"}, "'report': không có bài viết nào có slug 'x'; kiểm tra slug hoặc tên tệp của bài"),
    "broken_link": ({"value": "x.jpg"},
                    "liên kết hoặc ảnh 'x.jpg' không trỏ tới tệp nào; kiểm tra đường dẫn tính từ tệp này"),
    "link_unpublished": ({"value": "b.md"}, "liên kết 'b.md' trỏ tới một bài chưa đăng (bản nháp hoặc hẹn giờ): "
                                            "đã bỏ liên kết; nó sẽ có khi bài được đăng"),
    "unsafe_output_path": ({"path": "../x"}, "'../x' sẽ bị ghi ra ngoài thư mục kết quả"),
    "output_collision": ({"path": "a.html", "first": "content/a.md", "second": "content/b.md"},
                         "hai tệp sẽ cùng được ghi vào 'a.html': từ content/a.md và từ content/b.md; đổi tên một tệp"),
    "unsafe_output_dir": ({"path": "content"},
                          "không ghi trang vào 'content': việc đó sẽ xóa mã nguồn; chọn một thư mục riêng như public/"),
    "template_syntax": ({"detail": "d"}, "lỗi cú pháp trong mẫu giao diện (d); sửa dòng này của mẫu"),
    "template_error": ({"page": "index.html", "detail": "d"},
                       "mẫu giao diện lỗi khi dựng index.html (d); sửa dòng này của mẫu"),
    "write_failed": ({"file": "public/index.html", "reason": "Permission denied"},
                     "ghi trang bị lỗi ở 'public/index.html': Permission denied; trang cũ được giữ nguyên"),
    "build_failed": ({"count": "2"}, "Dựng trang thất bại: 2 lỗi; trang cũ được giữ nguyên."),
    "activity_day_after": ({"date": "2021-10-08", "end": "2021-10-07"},
        "hoạt động ghi ngày 2021-10-08, một ngày sau khi chiến dịch kết thúc (2021-10-07); có thể đây là hoạt"
        " động tổng kết nên chỉ cảnh báo: nếu hoạt động thuộc chiến dịch, viết 'end: 2021-10-08' cho chiến "
        "dịch"),
    "activity_day_before": ({"date": "2021-09-30", "start": "2021-10-01"},
        "hoạt động ghi ngày 2021-09-30, một ngày trước khi chiến dịch bắt đầu (2021-10-01); có thể đây là "
        "hoạt động chuẩn bị nên chỉ cảnh báo: nếu hoạt động thuộc chiến dịch, viết 'start: 2021-09-30' cho "
        "chiến dịch"),
    "activity_duplicate": ({"other": "7"},
        "hoạt động này trùng với hoạt động ở dòng 7 (cùng ngày, giờ, tên và địa điểm): xóa một trong hai, "
        "hoặc sửa ngày giờ"),
    "activity_outside_campaign": ({"date": "2021-10-08", "start": "2021-10-01", "end": "2021-10-07"},
        "hoạt động ghi ngày 2021-10-08, nằm ngoài thời gian chiến dịch (2021-10-01 đến 2021-10-07): sửa "
        "'date' của hoạt động, hoặc mở rộng 'start' hay 'end' của chiến dịch"),
    "bad_source_date_epoch": ({"value": "yesterday"},
        "biến môi trường SOURCE_DATE_EPOCH là 'yesterday', không phải số giây kể từ 1970; đặt ví dụ $(git log"
        " -1 --format=%ct), hoặc bỏ biến này"),
    "build_interrupted": ({},
        "Đã dừng: không có trang dở dang nào được đăng; thư mục kết quả vẫn giữ trang hoàn chỉnh gần nhất."),
    "bundle_written": ({"path": "dist/loa.zip", "size": "2.1 MB"},
        "Gói: dist/loa.zip (2.1 MB); giải nén rồi mở index.html"),
    "campaign_article_unreported": ({"campaign": "tuan-le", "slug": "khai-mac", "file": "content/campaigns/tuan-le.yaml"},
        "bài thuộc chiến dịch 'tuan-le' nhưng không hoạt động nào dẫn tới bài: thêm 'report: khai-mac' vào "
        "hoạt động bài đưa tin trong content/campaigns/tuan-le.yaml"),
    "campaign_end_before_start": ({"end": "2021-09-30", "start": "2021-10-01"},
        "'end' (2021-09-30) trước 'start' (2021-10-01): sửa lại ngày để chiến dịch kết thúc vào hoặc sau ngày"
        " bắt đầu"),
    "category_spelling": ({"value": "giáo dục", "other": "Giáo dục"},
        "chuyên mục ở đây viết là 'giáo dục' nhưng nơi khác viết 'Giáo dục'; dùng một cách viết"),
    "category_used_once": ({"value": "Giao duc", "guess": "Giáo dục"},
        "chỉ bài này dùng chuyên mục 'Giao duc': có phải ý bạn là 'Giáo dục'?"),
    "check_summary": ({"errors": "2", "warnings": "1"}, "2 lỗi, 1 cảnh báo"),
    "disk_full": ({"file": "public/index.html", "reason": "No space left on device"},
        "đĩa đã đầy (khi ghi 'public/index.html': No space left on device): giải phóng bớt dung lượng rồi "
        "chạy lại; trang cũ được giữ nguyên"),
    "help_build": ({}, "dựng trang vào public/ (lệnh mặc định)"),
    "help_bundle": ({}, "dựng trang thành một tệp zip cho người đọc ngoại tuyến"),
    "help_campaign": ({}, "mã chiến dịch (tên tệp trong content/campaigns/, không có .yaml)"),
    "help_category": ({}, "chuyên mục của bài, viết như trang đang dùng"),
    "help_check": ({}, "kiểm tra trang trước khi đăng: mọi điều lệnh dựng kiểm tra, và hơn nữa"),
    "help_commands": ({}, "các lệnh"),
    "help_drafts_build": ({}, "gồm cả bản nháp (để xem trước, không bao giờ để đăng)"),
    "help_drafts_check": ({}, "kiểm tra bản nháp như thể đã đăng"),
    "help_drafts_serve": ({}, "hiện bản nháp, có ghi chú rõ trên trang"),
    "help_format": ({}, "text (mỗi vấn đề một dòng, đường_dẫn:dòng: mức: thông báo) hoặc json"),
    "help_future_build": ({}, "gồm cả bài hẹn giờ (để xem trước, không bao giờ để đăng)"),
    "help_future_check": ({}, "kiểm tra bài hẹn giờ như thể đã đăng"),
    "help_future_serve": ({}, "hiện bài hẹn giờ, có ghi chú rõ trên trang"),
    "help_host": ({}, "địa chỉ lắng nghe (mặc định: 127.0.0.1, chỉ máy này; 0.0.0.0 mở ra mạng)"),
    "help_jobs": ({}, "số tiến trình chuyển Markdown và dựng trang (mặc định: LOA_JOBS, nếu không thì một tiến "
        "trình mỗi nhân; 1: tuần tự); kết quả như nhau với mọi số"),
    "help_jobs_invalid": ({"value": "0"}, "phải là số nguyên từ 1 trở lên, không phải 0"),
    "help_lang": ({}, "ngôn ngữ của thông báo (mặc định: $LOA_LANG, nếu không thì ngôn ngữ của trang)"),
    "help_minify": ({}, "thu gọn HTML, CSS và JS (cũng bật được bằng output.minify trong site.yaml)"),
    "help_no_cache": ({}, "làm lại tất cả: không bỏ qua lần dựng khi không có gì thay đổi, không dùng lại kết quả "
                          "của các lần dựng trước (.loa-cache/)"),
    "help_new": ({}, "tạo bài viết mới (bản nháp) với đầy đủ phần thông tin"),
    "help_new_category": ({}, "cho phép chuyên mục chưa bài nào dùng"),
    "help_out_build": ({}, "thư mục kết quả (mặc định: public/ trong thư mục trang)"),
    "help_out_bundle": ({}, "tệp zip (mặc định: dist/<tên trang>.zip trong thư mục trang)"),
    "help_out_serve": ({},
        "dựng bản xem trước vào thư mục này (mặc định: một thư mục tạm, để public/ không bao giờ bị đụng tới)"),
    "help_port": ({}, "cổng (mặc định: 8000; 0 để tự chọn cổng trống)"),
    "help_quiet": ({}, "không hiện tiến độ và tóm tắt, chỉ hiện các vấn đề"),
    "help_serve": ({}, "xem trước trang tại http://127.0.0.1:8000/, tự dựng lại và tải lại khi tệp thay đổi"),
    "help_site": ({}, "thư mục của trang (mặc định: thư mục hiện tại)"),
    "help_slug": ({}, "địa chỉ của bài (mặc định: lấy từ tiêu đề)"),
    "help_strict": ({}, "cảnh báo cũng làm lệnh thất bại (cho CI)"),
    "help_title": ({}, "tiêu đề bài viết, trong dấu nháy"),
    "help_tool": ({}, "Loa: dựng trang tin chiến dịch. Chạy 'build.py LỆNH --help' để xem tùy chọn của từng lệnh."),
    "image_file_too_large": ({"size": "12.5", "limit": "10"},
        "ảnh nặng 12.5 MB, quá giới hạn 10 MB: tải chậm trên điện thoại; hãy thu nhỏ (rộng 1600 px là đủ)"),
    "image_no_alt": ({"value": "../media/a.jpg"},
        "ảnh '../media/a.jpg' thiếu mô tả (alt): viết mô tả trong ngoặc vuông, ![ảnh cho thấy "
        "gì](../media/a.jpg)"),
    "image_quality": ({"value": "0"},
        "'images.quality' phải là số nguyên từ 1 đến 100 (nên dùng 75), không phải '0'"),
    "image_too_large": ({"image": "media/a.jpg", "megapixels": "120", "limit": "5"},
        "ảnh 'media/a.jpg' có 120 megapixel, vượt quá mức 5 cho phép (tệp hỏng hoặc \"bom giải nén\"): hãy thu "
        "nhỏ ảnh xuống tối đa 4000 điểm ảnh chiều rộng"),
    "image_truncated": ({"image": "media/a.jpg"},
        "ảnh 'media/a.jpg' bị thiếu dữ liệu (tải lên hoặc sao chép chưa xong): hãy chép lại ảnh từ máy ảnh "
        "hoặc điện thoại"),
    "svg_active_content": ({"image": "content/media/so-do.svg", "found": "<script>"},
                           "hình vẽ 'content/media/so-do.svg' chứa nội dung chạy được (<script>), sẽ chạy khi người đọc "
                           "mở tệp trên trang; hãy xuất lại hình không có mã script hay tương tác, hoặc lưu thành PNG"),
    "image_unreadable": ({"image": "media/a.jpg"},
        "không đọc được ảnh 'media/a.jpg': tệp bị hỏng hoặc không phải là ảnh; mở bằng phần mềm chỉnh ảnh rồi"
        " lưu lại dưới dạng JPEG hoặc PNG"),
    "image_unsupported": ({"image": "media/a.jpg", "kind": "HEIC"},
        "ảnh 'media/a.jpg' có định dạng HEIC, trình duyệt không hiển thị được: hãy lưu lại dưới dạng JPEG "
        "(ảnh chụp) hoặc PNG (hình đồ họa)"),
    "image_widths": ({"value": "[0]"},
        "'images.widths' phải là danh sách chiều rộng tính bằng điểm ảnh, từ 16 đến 8000, ví dụ [360, 720, "
        "1080, 1600], không phải '[0]'"),
    "image_wrong_extension": ({"image": "media/a.jpg", "kind": "HEIC", "extension": ".png", "expected": ".jpg"},
        "ảnh 'media/a.jpg' là tệp HEIC nhưng tên lại kết thúc bằng '.png': hãy đổi tên cho kết thúc bằng "
        "'.jpg'"),
    "internal_error": ({"detail": "ValueError: x"},
        "Loa dừng vì lỗi nội bộ (ValueError: x); hãy báo lỗi kèm lệnh đã chạy (LOA_DEBUG=1 cho xem chi tiết)"),
    "link_outside": ({"value": "../../site.yaml"},
        "liên kết hoặc ảnh '../../site.yaml' trỏ ra ngoài content/; chỉ liên kết tới tệp trong content/, bằng"
        " đường dẫn tính từ tệp này"),
    "markdown_too_deep": ({"value": "20"},
        "văn bản ở đây lồng nhau quá 20 tầng (danh sách, trích dẫn hoặc thụt lề); hãy giảm bớt"),
    "media_unused": ({}, "không trang nào dùng tệp này: liên kết nó từ một bài viết, hoặc xóa đi"),
    "new_bad_title": ({"value": "???"},
        "tiêu đề '???' cho địa chỉ rỗng; viết tiêu đề có chữ hoặc số, hoặc dùng --slug"),
    "new_created": ({},
        "Đã tạo dạng bản nháp: xem trước bằng 'python build.py serve --drafts'; sửa thành 'draft: false' để "
        "đăng."),
    "new_file_exists": ({}, "tệp này đã có và không bao giờ bị ghi đè; chọn tiêu đề khác hoặc dùng --slug"),
    "new_slug_taken": ({"slug": "khai-mac"}, "bài này đã dùng địa chỉ 'khai-mac'; đặt cho bài mới một --slug khác"),
    "new_unknown_campaign": ({"value": "x", "known": "tuan-le"},
        "không có chiến dịch 'x' trong content/campaigns/; hiện có: tuan-le"),
    "new_unknown_campaign_guess": ({"value": "tuan-l", "guess": "tuan-le"},
        "không có chiến dịch 'tuan-l' trong content/campaigns/: có phải ý bạn là 'tuan-le'?"),
    "new_unknown_category": ({"value": "x", "known": "Giáo dục"},
        "chưa bài nào dùng chuyên mục 'x'; hiện có: Giáo dục (--new-category để mở chuyên mục mới)"),
    "new_unknown_category_guess": ({"value": "giao duc", "guess": "Giáo dục"},
        "chưa bài nào dùng chuyên mục 'giao duc': có phải ý bạn là 'Giáo dục'? (--new-category để mở chuyên "
        "mục mới)"),
    "os_error": ({"detail": "Permission denied"}, "không đọc hoặc ghi được ở đây: Permission denied"),
    "output_inside_sources": ({"path": "content/public", "folder": "content/"},
        "không ghi trang vào 'content/public': thư mục này nằm trong content/, nơi Loa đọc nội dung; chọn thư"
        " mục bên ngoài như public/"),
    "output_not_folder": ({"path": "public"},
        "'public' là một tệp, không phải thư mục: chọn một thư mục cho trang như public/"),
    "output_not_site": ({"path": "public"},
        "không thay 'public': thư mục có tệp nhưng không có index.html, nên không phải do Loa tạo ra; chọn "
        "thư mục mới, hoặc tự làm trống thư mục này"),
    "page_over_budget": ({"size": "180", "budget": "100"},
        "trang này nặng 180 KB HTML, vượt mức 100 KB: chia nhỏ trang, rút ngắn danh sách (per_page) hoặc tăng"
        " page_budget_kb trong site.yaml"),
    "raw_html_link": ({"value": "../media/a.jpg"},
        "'../media/a.jpg' trong HTML không được kiểm tra cũng không được chép khi dựng trang: viết bằng "
        "Markdown, [chữ](../media/a.jpg) hoặc ![mô tả](../media/a.jpg)"),
    "same_name_two_forms": ({},
        "có hai tệp cùng tên này, dấu tiếng Việt được lưu theo hai dạng Unicode (NFC và NFD, ví dụ một tệp "
        "chép từ máy Mac); hãy xóa một tệp"),
    "serve_cannot_listen": ({"host": "127.0.0.1", "port": "8000", "detail": "Address already in use"},
        "không mở được 127.0.0.1:8000 (Address already in use); chọn cổng khác bằng --port"),
    "serve_failed": ({"time": "09:43:00", "count": "2"},
        "09:43:00 dựng lại thất bại (2 lỗi): vẫn phục vụ bản tốt gần nhất"),
    "serve_listening": ({"url": "http://127.0.0.1:8000/", "out": "xem-truoc/public"},
        "Xem trước tại http://127.0.0.1:8000/ (dựng vào xem-truoc/public); Ctrl-C để dừng"),
    "serve_network_warning": ({"host": "0.0.0.0"},
        "cảnh báo: bản xem trước mở trên 0.0.0.0: ai vào được máy này đều đọc được, kể cả bản nháp"),
    "serve_overlay_title": ({}, "Không dựng lại được trang: đang hiển thị bản tốt gần nhất"),
    "size_compressed": ({"size": "0.9 MB"}, " (+ 0.9 MB bản nén .gz/.br)"),
    "size_largest": ({"pages": "index.html (20 KB), archive/index.html (18 KB)"},
        "Trang lớn nhất: index.html (20 KB), archive/index.html (18 KB)"),
    "size_total": ({"total": "3.4 MB", "files": "120", "html": "1.1 MB"},
        "Dung lượng: 3.4 MB trong 120 tệp, trong đó HTML 1.1 MB"),
    "slug_path": ({"key": "slug", "value": "../x"},
        "'slug': '../x' là một đường dẫn; slug chỉ là một phần của địa chỉ, không có / hay .., ví dụ "
        "khai-mac-2021"),
    "stage_load": ({}, "Đọc nội dung"),
    "stage_markdown": ({}, "Markdown"),
    "stage_render": ({}, "Dựng trang"),
    "stage_resolve": ({}, "Liên kết"),
    "stage_write": ({}, "Ghi tệp"),
    "summary_built": ({"pages": "6", "files": "8", "out": "public", "seconds": "0.05", "changed": "3", "unchanged": "117", "drafts": "1", "future": "2"},
        "Đã dựng 6 trang (8 tệp) vào public trong 0.05 giây: 3 tệp thay đổi, 117 không đổi; bỏ qua 1 bản nháp"
        " và 2 bài hẹn giờ"),
    "symlink_outside": ({"target": "/etc/passwd", "folder": "content/"},
        "đây là lối tắt (symlink) tới '/etc/passwd', nằm ngoài content/; hãy chép tệp vào content/"),
    "template_missing": ({"name": "partials/x.html"},
        "không có mẫu giao diện 'partials/x.html' trong templates/ hay giao diện mặc định; kiểm tra lại tên"),
    "template_outside": ({"name": "../x.html"},
        "mẫu giao diện đòi '../x.html', nằm ngoài templates/; chỉ dùng mẫu trong templates/, ví dụ "
        "\"partials/teaser.html\""),
    "unreadable_file": ({"reason": "Permission denied"},
        "không đọc được tệp (Permission denied); kiểm tra tệp còn đó và bạn có quyền mở"),
    "yaml_alias": ({},
        "'*tên' ở đây lặp lại một nhóm giá trị viết ở chỗ khác (bằng '&tên'); hãy viết thẳng các giá trị"),
    "yaml_too_deep": ({"limit": "20"}, "các giá trị lồng nhau quá 20 tầng; kiểm tra dấu ngoặc và thụt lề"),
}


def test_every_message_is_pinned():
    messages = yaml.safe_load((i18n.LOCALES_DIR / "vi.yaml").read_text(encoding="utf-8"))["messages"]
    assert sorted(PINNED_VI) == sorted(messages)


@pytest.mark.parametrize("code", sorted(PINNED_VI))
def test_pinned_message(code):
    args, text = PINNED_VI[code]
    assert i18n.message("vi", code, args) == text


def test_problem_format_without_a_line():
    assert problem("error", "content/a.md", None, "binary_file").format("en") == \
        "content/a.md: error: this is not a text file (it contains binary data); save the article as UTF-8 text"


def test_problems_with_and_without_a_line_in_one_file_are_listed_together(make_site):
    site = make_site({"content/articles/a/x.md": article(),
                      "content/articles/b/x.md": article(campaign="khong-co")})
    assert build_errors(site) == [
        "content/articles/b/x.md: lỗi: hai bài viết cùng một địa chỉ articles/x.html: tệp này và "
        "content/articles/a/x.md; thêm 'slug: ...' khác vào một trong hai tệp",
        "content/articles/b/x.md:4: lỗi: 'campaign': không có chiến dịch 'khong-co' trong content/campaigns/; "
        "hiện có: -",
    ]
