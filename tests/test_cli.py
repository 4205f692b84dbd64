"""Every command: --help, usage errors instead of tracebacks, messages in the site's language, a summary."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from conftest import EXAMPLE_NOW, MINIMAL_CONFIG, REPO, article

from generator.cli import main


def _run(*args: str, cwd=None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "LOA_LANG"}
    environment.update(env or {})
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args], cwd=cwd, env=environment,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)


@pytest.fixture(autouse=True)
def _defaults(monkeypatch):
    monkeypatch.delenv("LOA_LANG", raising=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EXAMPLE_NOW.timestamp())))


@pytest.mark.parametrize("command", [[], ["build"], ["serve"], ["new"], ["check"]])
def test_help_on_the_tool_and_on_every_command(command, tmp_path):
    result = _run(*command, "--help", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith(f"usage: build.py {command[0]} " if command else "usage: build.py ")
    assert result.stderr == ""
    if command:
        assert "--lang {en,vi}" in result.stdout and "--site DIR" in result.stdout


def test_help_is_in_english_on_request(tmp_path):
    words = " ".join(_run("check", "--help", "--lang", "en", cwd=tmp_path).stdout.split())
    assert "check the site before publishing: everything the build checks, and more" in words
    assert "--format {text,json} text (one line per problem, path:line: level: message) or json" in words
    words = " ".join(_run("--help", cwd=tmp_path).stdout.split())
    assert "Loa: dựng trang tin chiến dịch." in words


@pytest.mark.parametrize("args, usage, error", [
    (["serve", "--port", "abc"], "usage: build.py serve", "error: argument --port: invalid int value: 'abc'"),
    (["new"], "usage: build.py new", "error: the following arguments are required: TITLE"),
    (["check", "--format", "xml"], "usage: build.py check", "error: argument --format: invalid choice: 'xml'"),
    (["publish"], "usage: build.py", "error: argument COMMAND: invalid choice: 'publish'"),
    (["build", "--no-such-option"], "usage: build.py", "error: unrecognized arguments: --no-such-option"),
    (["--lang", "fr"], "usage: build.py build", "error: argument --lang: invalid choice: 'fr'"),
])
def test_wrong_arguments_give_a_usage_line(args, usage, error, tmp_path):
    result = _run(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(usage)
    assert error in result.stderr
    assert "Traceback" not in result.stderr


def _broken_sites(tmp_path):
    yaml_tab = tmp_path / "tab"
    (yaml_tab / "content/articles").mkdir(parents=True)
    (yaml_tab / "site.yaml").write_text("title: X\nmenu:\n\t- {title: Trang chủ, home: true}\n", encoding="utf-8")
    template = tmp_path / "template"
    (template / "templates").mkdir(parents=True)
    (template / "site.yaml").write_text(MINIMAL_CONFIG, encoding="utf-8")
    (template / "templates/base.html").write_text("<html>\n{% if %}\n</html>\n", encoding="utf-8")
    binary = tmp_path / "binary"
    (binary / "content/articles").mkdir(parents=True)
    (binary / "site.yaml").write_text(MINIMAL_CONFIG, encoding="utf-8")
    (binary / "content/articles/a.md").write_bytes(b"\x00\x01\x02")
    return {
        "missing folder": (["--site", str(tmp_path / "no-such-site")],
                           "site.yaml: error: no site.yaml here: run the command in the site's folder, or name it "
                           "with --site"),
        "tab in site.yaml": (["--site", str(yaml_tab)], "site.yaml:3: error: "),
        "broken template": (["--site", str(template)],
                            "templates/base.html:2: error: syntax error in a theme template (Expected an "
                            "expression, got 'end of statement block'); fix this line of the template"),
        "binary article": (["--site", str(binary)], "content/articles/a.md: error: "),
        "output over the sources": (["--site", str(binary), "--out", str(binary)],
                                    f"{binary}: error: refusing to write the site into"),
        "output not writable": (["--site", str(yaml_tab.parent / "template"), "--out", "/proc/loa-out"], None),
    }


@pytest.mark.parametrize("case", ["missing folder", "tab in site.yaml", "broken template", "binary article",
                                  "output over the sources", "output not writable"])
@pytest.mark.parametrize("command", ["build", "check"])
def test_a_broken_site_or_folder_never_gives_a_traceback(tmp_path, case, command):
    args, first_line = _broken_sites(tmp_path)[case]
    if command == "check" and "--out" in args:
        return  # check writes nothing: it has no --out
    result = _run(command, *args, "--lang", "en", "--quiet", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    text = (result.stdout if command == "check" else result.stderr).splitlines()
    if first_line is None:
        assert len(text) >= 1 and "error: " in text[0]
    else:
        assert text[0].startswith(first_line)


def test_the_output_folder_that_cannot_be_written_is_named(tmp_path, capsys):
    site = tmp_path / "site"
    (site / "content/articles").mkdir(parents=True)
    (site / "site.yaml").write_text(MINIMAL_CONFIG, encoding="utf-8")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert main(["build", "--site", str(site), "--out", str(blocker / "public"), "--quiet", "--lang", "en"]) == 1
    assert capsys.readouterr().err.startswith(f"{blocker / 'public'}: error: writing the site failed at '{blocker}': ")


def test_messages_follow_the_site_then_the_variable_then_the_option(make_site, capsys, monkeypatch):
    site = make_site({"content/articles/a.md": article(catgory="x")})
    expected = {
        "vi": "content/articles/a.md:4: lỗi: khóa lạ 'catgory': có phải ý bạn là 'category'?",
        "en": "content/articles/a.md:4: error: unknown key 'catgory': did you mean 'category'?",
    }
    main(["check", "--site", str(site), "--quiet"])
    assert capsys.readouterr().out.splitlines() == [expected["vi"]]
    (site / "site.yaml").write_text(MINIMAL_CONFIG + "language: en\n", encoding="utf-8")
    main(["check", "--site", str(site), "--quiet"])
    assert capsys.readouterr().out.splitlines() == [expected["en"]]
    monkeypatch.setenv("LOA_LANG", "vi")
    main(["build", "--site", str(site), "--quiet"])
    assert capsys.readouterr().err.splitlines()[0] == expected["vi"]
    main(["build", "--site", str(site), "--quiet", "--lang", "en"])
    assert capsys.readouterr().err.splitlines()[0] == expected["en"]


def test_the_summary_counts_changed_unchanged_and_left_out(make_site, capsys):
    site = make_site({
        "content/articles/a.md": article("Bài a"),
        "content/articles/b.md": article("Bài nháp", draft="true"),
        "content/articles/c.md": article("Bài hẹn giờ", date="2099-01-01 08:00"),
        "content/articles/d.md": article("Bài nháp hẹn giờ", date="2099-01-01 08:00", draft="true"),
    })
    summary = re.compile(r"^Đã dựng (\d+) trang \((\d+) tệp\) vào (.+) trong \d+\.\d\d giây: (\d+) tệp thay đổi, "
                         r"(\d+) không đổi; bỏ qua 2 bản nháp và 1 bài hẹn giờ$")
    assert main(["build", "--site", str(site)]) == 0
    pages, files, out, changed, unchanged = summary.match(capsys.readouterr().out.splitlines()[0]).groups()
    assert (out, changed, unchanged) == (str(site / "public"), files, "0")
    assert int(pages) == len(list((site / "public").rglob("*.html")))
    assert main(["build", "--site", str(site)]) == 0
    assert summary.match(capsys.readouterr().out.splitlines()[0]).groups()[3:] == ("0", files)
    (site / "content/articles/a.md").write_text(article("Bài a, sửa tiêu đề"), encoding="utf-8")
    assert main(["build", "--site", str(site), "--lang", "en"]) == 0
    line = capsys.readouterr().out.splitlines()[0]  # then the sizes of the output
    assert re.fullmatch(rf"Built {pages} pages \({files} files\) into .+ in \d+\.\d\d s: \d+ changed, \d+ unchanged; "
                        r"left out 2 drafts and 1 scheduled articles", line)
    changed, unchanged = map(int, re.search(r"(\d+) changed, (\d+) unchanged", line).groups())
    assert changed > 0 and unchanged > 0 and changed + unchanged == int(files)


def test_progress_goes_to_stderr_as_plain_lines_when_not_a_terminal(make_site):
    site = make_site({"content/articles/a.md": article()})
    result = _run("build", "--site", str(site), "--lang", "en")
    assert result.returncode == 0
    files = re.match(r"Built \d+ pages \((\d+) files\)", result.stdout).group(1)
    lines = result.stderr.splitlines()
    expected = ["Loading", "Markdown: 1/1", "Linking", r"Rendering: (\d+)/\1", f"Writing: 0/{files}"]
    shown = [line for line in lines if any(re.fullmatch(p, line) for p in expected)]
    assert len(shown) == len(expected) and all(re.fullmatch(p, line) for p, line in zip(expected, shown))
    quiet = _run("build", "--site", str(site), "--quiet")
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")


def test_a_published_build_has_no_preview_script_nor_badge(make_site, build_site):
    site = make_site({"content/articles/a.md": article("Bài a"),
                      "content/articles/b.md": article("Bài nháp", draft="true")})
    for html in build_site(site).rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        # the 404 page inlines the stylesheet, rules for .preview-badge included: look for the badge itself
        assert "loa-livereload" not in text and 'class="preview-badge' not in text and "__loa__" not in text
    drafts = build_site(site, drafts=True)  # a preview build on disk: marked, and still no script
    page = (drafts / "articles/b.html").read_text(encoding="utf-8")
    assert '<p class="preview-badge preview-draft">Bản nháp</p>' in page
    assert "loa-livereload" not in page


def test_serve_on_a_port_in_use_says_so(make_site):
    import socket
    site = make_site({"content/articles/a.md": article()})
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = _run("serve", "--site", str(site), "--port", str(port), "--lang", "en")
    assert result.returncode == 1
    assert result.stderr == (f"cannot listen on 127.0.0.1:{port} (Address already in use); "
                             "choose another port with --port\n")
    assert not (site / "public").exists()


def test_a_terminal_gets_a_bar_then_the_summary_on_a_clean_line(make_site):
    import pty

    site = make_site({"content/articles/a.md": article()})
    controller, terminal = pty.openpty()
    try:
        result = subprocess.run([sys.executable, str(REPO / "build.py"), "build", "--site", str(site), "--lang", "en"],
                                stderr=terminal, stdout=subprocess.PIPE, text=True, timeout=300,
                                env={k: v for k, v in os.environ.items() if k != "LOA_LANG"})
        os.close(terminal)
        terminal = -1
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal is closed once everything was read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(controller)
        if terminal != -1:
            os.close(terminal)
    assert result.returncode == 0
    frames = shown.decode("utf-8").split("\r\x1b[K")
    assert "\n" not in shown.decode("utf-8")  # one line, redrawn in place
    assert any(re.fullmatch(r"Rendering +\[#{24}\] (\d+)/\1", frame) for frame in frames)
    assert frames[-2].startswith("Writing ")
    assert frames[-1] == ""  # cleared before the summary
    assert result.stdout.startswith("Built ")
