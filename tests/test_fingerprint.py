"""CSS and JS file names carry a content hash; every reference follows the new names."""

from __future__ import annotations

import base64
import re
from pathlib import Path

from conftest import REPO, article, file_url, serve_folder

from generator.asset_refs import rewrite_css, rewrite_html
from generator.fingerprint import _may_mention, _mentions, _text, hash_asset_names, hashed_path
from generator.writer import Outputs

# A theme of the site's own: a page layout that loads two scripts, a stylesheet that imports
# another, a script that names a second one, and files that must keep their names.
THEME = {
    "templates/base.html": """\
        <!DOCTYPE html>
        <html lang="vi">
        <head>
        <meta charset="utf-8">
        <title>{{ title or site.title }}</title>
        <link rel="stylesheet" href="{{ url('assets/style.css') }}">
        <link rel="icon" href="{{ url('assets/favicon.svg') }}" type="image/svg+xml">
        </head>
        <body>
        <main style="background-image: url('{{ url('assets/dot.png') }}')">{% block content %}{% endblock %}</main>
        <a href="{{ site.base_url }}assets/app.js">the script, as published</a>
        <script src="{{ url('assets/app.js') }}?v=1#x" defer></script>
        <script>window.extra = "assets/lib/extra.js";</script>
        </body>
        </html>
        """,
    "templates/assets/style.css": """\
        @import "print.css";
        body { color: rgb(1, 2, 3); background: url(dot.png); }
        """,
    "templates/assets/print.css": "@media print { body { color: black; } }\n",
    "templates/assets/dot.png": base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="),
    "templates/assets/app.js": """\
        // loads a helper on demand, named relative to the assets folder
        var helper = "lib/extra.js";
        document.documentElement.dataset.app = "ready";
        """,
    "templates/assets/lib/extra.js": "window.extraLoaded = true;\n",
    "templates/assets/sw.js": "self.addEventListener('fetch', () => {});\n",
    "content/articles/a.md": article("Bài một", category="Tin tức"),
}


# The CSS and JS that get hashed names: the theme's own, and the default theme's that it does not replace.
HASHED_ASSETS = {"assets/style.css", "assets/print.css", "assets/app.js", "assets/lib/extra.js"} | {
    f"assets/{p.name}" for p in (REPO / "templates/assets").iterdir() if p.suffix in (".css", ".js")}


def hashed(public: Path) -> dict[str, str]:
    """Original asset path -> hashed path, read from the output folder."""
    found = {}
    for file in public.rglob("*"):
        match = re.fullmatch(r"(.+)\.([0-9a-f]{8})(\.(?:css|js))", file.relative_to(public).as_posix())
        if match:
            found[match[1] + match[3]] = file.relative_to(public).as_posix()
    return found


def local_links(public: Path) -> list[tuple[Path, str]]:
    """Every href/src of every page that names a file of the site, with the page."""
    links = []
    for page in public.rglob("*.html"):
        for value in re.findall(r"""(?:href|src)="([^"]+)\"""", page.read_text(encoding="utf-8")):
            if "://" not in value and not value.startswith("#"):
                links.append((page, value.split("?")[0].split("#")[0]))
    return links


def test_css_and_js_get_hashed_names_and_every_reference_follows(make_site, build_site):
    public = build_site(make_site(THEME))
    names = hashed(public)
    assert set(names) == HASHED_ASSETS
    assert {"assets/lib/extra.js", "assets/search.js"} <= set(names)  # the theme's, and the default theme's
    for original in names:
        assert not (public / original).exists()
    # files that must keep their names do
    assert (public / "assets/sw.js").is_file() and (public / "assets/favicon.svg").is_file()
    assert (public / "assets/dot.png").is_file()
    # every link of every page, at every depth, names a file that exists
    links = local_links(public)
    assert links
    for page, link in links:
        assert (page.parent / link).resolve().is_file(), f"{page}: {link}"
    home = (public / "index.html").read_text(encoding="utf-8")
    assert f'href="{names["assets/style.css"]}"' in home
    assert f'src="{names["assets/app.js"]}?v=1#x"' in home
    assert f'href="https://example.org/news/{names["assets/app.js"]}"' in home
    assert f'window.extra = "{names["assets/lib/extra.js"]}"' in home
    assert "url('assets/dot.png')" in home
    article_page = (public / "articles/a.html").read_text(encoding="utf-8")
    assert f'href="../{names["assets/style.css"]}"' in article_page
    style = (public / names["assets/style.css"]).read_text(encoding="utf-8")
    assert f'@import "{Path(names["assets/print.css"]).name}";' in style
    assert "url(dot.png)" in style
    app = (public / names["assets/app.js"]).read_text(encoding="utf-8")
    assert f'"lib/{Path(names["assets/lib/extra.js"]).name}"' in app


def test_hashed_names_change_exactly_when_content_changes(make_site, build_site):
    site = make_site(THEME)
    first = hashed(build_site(site))
    assert hashed(build_site(site)) == first  # same bytes, same names

    (site / "templates/assets/print.css").write_text("@media print { body { color: gray; } }\n", encoding="utf-8")
    second = hashed(build_site(site))
    assert second["assets/print.css"] != first["assets/print.css"]
    # style.css imports print.css, so its bytes (the new name) changed too; the others did not
    assert second["assets/style.css"] != first["assets/style.css"]
    assert second["assets/app.js"] == first["assets/app.js"]
    assert second["assets/lib/extra.js"] == first["assets/lib/extra.js"]

    (site / "templates/assets/lib/extra.js").write_text("window.extraLoaded = 2;\n", encoding="utf-8")
    third = hashed(build_site(site))
    assert third["assets/lib/extra.js"] != second["assets/lib/extra.js"]
    assert third["assets/app.js"] != second["assets/app.js"]  # it names extra.js
    assert third["assets/style.css"] == second["assets/style.css"]

    (site / "content/articles/b.md").write_text(article("Bài hai"), encoding="utf-8")
    assert hashed(build_site(site)) == third  # new pages do not rename assets

    (site / "templates/assets/print.css").write_text("@media print { body { color: black; } }\n", encoding="utf-8")
    (site / "templates/assets/lib/extra.js").write_text("window.extraLoaded = true;\n", encoding="utf-8")
    assert hashed(build_site(site)) == first  # back to the first bytes, back to the first names


def test_names_follow_content_even_when_assets_name_each_other(make_site, build_site):
    site = make_site({**THEME, "templates/assets/lib/extra.js": "var back = 'app.js';\n"})
    first = hashed(build_site(site))
    extra = (site / "public" / first["assets/lib/extra.js"]).read_text(encoding="utf-8")
    assert Path(first["assets/app.js"]).name in extra
    (site / "templates/assets/app.js").write_text("var helper = 'lib/extra.js'; // v2\n", encoding="utf-8")
    second = hashed(build_site(site))
    assert second["assets/app.js"] != first["assets/app.js"]
    assert second["assets/lib/extra.js"] != first["assets/lib/extra.js"]
    assert second["assets/style.css"] == first["assets/style.css"]


def test_hashing_can_be_turned_off(make_site, build_site):
    config = "title: Trang thử\noutput:\n  hash_assets: false\n"
    public = build_site(make_site(THEME, config=config))
    assert hashed(public) == {}
    assert (public / "assets/style.css").is_file()
    assert 'href="assets/style.css"' in (public / "index.html").read_text(encoding="utf-8")


def test_default_theme_stylesheet_is_hashed(make_site, build_site):
    public = build_site(make_site({"content/articles/a.md": article()}))
    style = hashed(public)["assets/style.css"]
    assert (public / style).read_bytes() == (REPO / "templates/assets/style.css").read_bytes()
    assert f'href="../{style}"' in (public / "articles/a.html").read_text(encoding="utf-8")


def test_asset_names_written_by_hand_in_a_body_or_template_follow_too(make_site, build_site):
    """Templates link to hashed names while rendering; what names an asset otherwise is still rewritten."""
    body = '<link rel="stylesheet" href="../assets/print.css"><a href="../assets/app%2Ejs">app</a>'
    theme = {**THEME, "content/articles/a.md": article("Bài một", category="Tin tức", body=body)}
    public = build_site(make_site(theme))
    names = hashed(public)
    page = (public / "articles/a.html").read_text(encoding="utf-8")
    assert f'href="../{names["assets/print.css"]}"' in page
    assert f'href="../{names["assets/app.js"]}"' in page  # decoded as a browser would
    assert "assets/print.css" not in page and "app%2Ejs" not in page


def test_an_asset_named_with_escapes_in_a_body_follows_too(make_site, build_site):
    """The default theme's pages name no asset but through url(); a body that spells one with %-escapes
    or a character reference is still found and rewritten, as a browser would read the link."""
    body = '<a href="../assets/gallery%2Ejs">a</a> <a href="../assets/search&#46;js">b</a>'
    public = build_site(make_site({"content/articles/a.md": article(body=body)}))
    names = hashed(public)
    page = (public / "articles/a.html").read_text(encoding="utf-8")
    assert f'href="../{names["assets/gallery.js"]}"' in page and f'href="../{names["assets/search.js"]}"' in page


def test_pages_rendered_with_a_name_that_turned_out_wrong_are_rewritten():
    """An output added after rendering can change a hash: links to the early name follow the final one."""
    outputs = Outputs()
    outputs.add("assets/app.js", b"var x = 1;\n", "theme")
    outputs.add("index.html", b'<script src="assets/app.0badc0de.js"></script><p>plain page</p>', "templates")
    outputs.add("other.html", b"<p>names no asset</p>", "templates")
    renames = hash_asset_names(outputs, "", {"assets/app.js": "assets/app.0badc0de.js"})
    final = renames["assets/app.js"]
    assert final != "assets/app.0badc0de.js"
    assert outputs.read("index.html") == f'<script src="{final}"></script><p>plain page</p>'.encode()
    assert outputs.read("other.html") == b"<p>names no asset</p>"
    assert outputs.read(final) == b"var x = 1;\n"



def test_pages_are_skipped_by_their_bytes_only_where_their_text_names_no_asset():
    """The quick test on bytes may say "maybe" more often than the text test, never less."""
    names = {"app.js", "style.css", "sổ.js", "\udce1x.js"}  # the last: a file name that is not UTF-8
    encoded = {name.encode("utf-8", "surrogateescape") for name in names}
    pages = [b"<p>none</p>", b'<script src="app.js">', b"<a href='s%E1%BB%95.js'>", b"<a href='sty&#108;e.css'>",
             "<p>sổ.js</p>".encode(), "<p>sổ.j</p>".encode(), b"\xe1x.js", b"\xe1\xbb\x95x.js", b"\xff\xfeapp.js",
             b"app.j\xffs", b"\xe1\x80x.js", "<p>Học tập</p>".encode()]
    verdicts = [(_may_mention(data, encoded), _mentions(_text(data), names)) for data in pages]
    assert all(maybe or not named for maybe, named in verdicts)
    assert [maybe for maybe, _ in verdicts] == [False, True, True, True, True, False, True, False, True, False,
                                                 False, False]
    assert [named for _, named in verdicts] == [False, True, True, True, True, False, True, False, True, False,
                                                 False, False]

def test_rewrite_html_handles_every_way_of_writing_an_attribute():
    renames = {"assets/a.css": "assets/a.1234abcd.css"}.get
    page = "x/y/page.html"
    source = ("<link href=../../assets/a.css><link href='../../assets/a.css?x=1&amp;y=2'>"
              '<a data-href="../../assets/a.css#top">a</a><img src="../../assets/a.png">'
              '<p>href="../../assets/a.css"</p><!-- <link href="../../assets/a.css"> -->'
              '<link href="https://example.org/assets/a.css"><link href="/assets/a.css">'
              '<div style="background:url(&quot;../../assets/a.css&quot;)"></div>')
    result = rewrite_html(source, page, renames, "https://example.org/")
    assert result == ("<link href=../../assets/a.1234abcd.css><link href='../../assets/a.1234abcd.css?x=1&amp;y=2'>"
                      '<a data-href="../../assets/a.1234abcd.css#top">a</a><img src="../../assets/a.png">'
                      '<p>href="../../assets/a.css"</p><!-- <link href="../../assets/a.css"> -->'
                      '<link href="https://example.org/assets/a.1234abcd.css"><link href="/assets/a.css">'
                      '<div style="background:url(&quot;../../assets/a.1234abcd.css&quot;)"></div>')


def test_rewrite_css_resolves_from_the_stylesheet():
    renames = {"assets/fonts.css": "assets/fonts.00ff00ff.css"}.get
    css = '@import url("fonts.css"); @import \'./fonts.css\'; a { background: url(data:image/png;base64,xx) }'
    assert rewrite_css(css, "assets/style.css", renames) == (
        '@import url("fonts.00ff00ff.css"); @import \'fonts.00ff00ff.css\'; '
        "a { background: url(data:image/png;base64,xx) }")


def test_hashed_stylesheet_and_script_load_in_a_browser(make_site, build_site, open_page):
    public = build_site(make_site(THEME))
    for url, prefix, server in _both_ways(public):
        page, watch = open_page(url + "articles/a.html", prefix)
        page.wait_for_function("document.documentElement.dataset.app === 'ready'")
        assert page.evaluate("getComputedStyle(document.body).color") == "rgb(1, 2, 3)"
        watch.assert_clean()
        if server:
            server.shutdown()
            server.server_close()


def _both_ways(public: Path):
    yield file_url(public) + "/", public.as_uri(), None
    server, base = serve_folder(public)
    yield base, base, server
