"""cli.py: `python build.py [build] [--site DIR] [--out DIR]`, messages and exit status.

The core cases that tests/test_cli.py (every command, help, usage errors, summary, progress) does not cover.
"""

from __future__ import annotations

from conftest import article

from generator.cli import main


def test_build_is_the_default_command_and_site_defaults_to_the_current_folder(make_site, monkeypatch, capsys):
    site = make_site({"content/articles/a.md": article()})
    monkeypatch.chdir(site)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert main([]) == 0
    assert (site / "public" / "articles" / "a.html").is_file()
    summary = capsys.readouterr().out.splitlines()[0]
    assert summary.startswith("Đã dựng 9 trang (") and f" vào {site / 'public'} trong " in summary


def test_site_and_out_options(make_site, tmp_path, capsys):
    site = make_site({"content/articles/a.md": article()})
    out = tmp_path / "elsewhere" / "www"
    assert main(["build", "--site", str(site), "--out", str(out)]) == 0
    assert (out / "index.html").is_file() and not (site / "public").exists()
    assert main(["--site", str(site), "--out", str(out)]) == 0


def test_english_site_speaks_english(make_site, capsys):
    site = make_site({"content/articles/a.md": article()}, config="title: A\nlanguage: en\n")
    assert main(["--site", str(site)]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("Built 9 pages (")
    assert captured.err.splitlines()[0] == "Loading"  # the progress too


def test_errors_go_to_stderr_with_a_non_zero_status(make_site, capsys):
    site = make_site({"content/articles/a.md": article(date="31/02/2021")})
    assert main(["--site", str(site), "--quiet"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "content/articles/a.md:3: lỗi: 'date': không có ngày '31/02/2021'; kiểm tra lại ngày và tháng (2021-10-01 09:43)",
        "Dựng trang thất bại: 1 lỗi; trang cũ được giữ nguyên.",
    ]


def test_errors_in_english(make_site, capsys):
    site = make_site({"content/articles/a.md": article(date="31/02/2021")}, config="title: A\nlanguage: en\n")
    assert main(["--site", str(site), "--quiet"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "content/articles/a.md:3: error: 'date': there is no such day as '31/02/2021'; check the day and month "
        "(2021-10-01 09:43)",
        "Build failed: 1 error(s); the previous site was left as it was.",
    ]


def test_a_broken_site_yaml_is_reported_in_vietnamese(make_site, capsys):
    site = make_site({}, config="title: A\n\tlanguage: en\n")
    assert main(["--site", str(site), "--quiet"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == \
        "site.yaml:2: lỗi: có ký tự tab: YAML cần thụt lề bằng dấu cách; thay tab bằng dấu cách"


def test_no_site_yaml(tmp_path, capsys):
    assert main(["--site", str(tmp_path), "--quiet"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "site.yaml: lỗi: không có site.yaml ở đây: chạy lệnh trong thư mục của trang, hoặc chỉ rõ bằng --site")


def test_strict_fails_on_warnings(make_site, capsys):
    site = make_site({"content/articles/a.md": article(body="[sắp](b.md)"),
                      "content/articles/b.md": article("B", date="2030-01-01 08:00")})
    assert main(["--site", str(site)]) == 0
    assert "content/articles/a.md:5: cảnh báo: liên kết 'b.md'" in capsys.readouterr().err
    assert main(["--site", str(site), "--strict"]) == 1


def test_drafts_and_future_preview(make_site, capsys):
    site = make_site({"content/articles/a.md": article(draft="true"),
                      "content/articles/b.md": article("B", date="2999-01-01 08:00")})
    assert main(["--site", str(site)]) == 0
    assert not (site / "public/articles/a.html").exists() and not (site / "public/articles/b.html").exists()
    assert main(["--site", str(site), "--drafts", "--future"]) == 0
    assert (site / "public/articles/a.html").exists() and (site / "public/articles/b.html").exists()
