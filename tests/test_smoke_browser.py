"""A first look at the example site in a real browser."""

from conftest import file_url


def test_home_opens_from_file(example_public, open_page):
    page, watch = open_page(file_url(example_public / "index.html"), example_public.as_uri())
    assert page.locator("h1").count() >= 1
    watch.assert_clean()
