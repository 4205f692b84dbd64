"""Photos in a real browser: a phone loads the small renditions; the gallery's full-size view works."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import file_url, save_screenshot

PHONE = {"width": 360, "height": 740, "device_scale_factor": 1}


def gallery_article(public: Path) -> Path:
    """An article of the example site with a cover and a gallery of several photos."""
    for page in sorted((public / "articles").glob("*.html")):
        html = page.read_text(encoding="utf-8")
        if 'class="cover"' in html and html.count('class="gallery-item"') >= 3:
            return page
    raise AssertionError("the example site has no article with a cover and a gallery of 3 photos")


def scroll_through(page) -> None:
    """Scroll to the bottom a screen at a time, so that every lazy image comes into view and loads."""
    page.evaluate("""async () => {
        for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight / 2) {
            window.scrollTo(0, y);
            await new Promise(r => setTimeout(r, 40));
        }
    }""")
    page.wait_for_function("Array.from(document.images).every(i => i.complete)")


@pytest.mark.parametrize("transport", ["file", "http"])
def test_a_phone_loads_only_the_small_renditions(example_public, example_http, open_page, transport):
    article = gallery_article(example_public)
    relative = article.relative_to(example_public).as_posix()
    url, prefix = ((file_url(article), example_public.as_uri()) if transport == "file"
                   else (example_http + relative, example_http))
    page, watch = open_page("about:blank", prefix, **PHONE)
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(url)
    page.wait_for_function("document.querySelector('.cover img').complete")
    cover = page.evaluate("document.querySelector('.cover img').currentSrc")
    assert re.search(r"-360w\.webp$", cover), cover
    scroll_through(page)
    shown = page.evaluate("Array.from(document.querySelectorAll('main img')).map(i => i.currentSrc)")
    assert len(shown) >= 5 and all(src.endswith("-360w.webp") for src in shown), shown
    photos = [name for name in fetched if "/media/" in name]
    assert len(photos) >= 5 and all(name.endswith("-360w.webp") for name in photos), photos
    if transport == "file":
        save_screenshot(page, "images-phone-article")
    watch.assert_clean()


def swipe(page, selector: str, dx: int) -> None:
    """A one-finger horizontal swipe, as the touch screen of a phone sends it."""
    box = page.locator(selector).bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 6):
        point = {"x": x + dx * step / 5, "y": y}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


def test_the_gallery_opens_pages_through_photos_and_closes_from_file(example_public, open_page):
    article = gallery_article(example_public)
    page, watch = open_page(file_url(article), example_public.as_uri(), has_touch=True, **PHONE)
    captions = page.locator(".gallery li figcaption").all_inner_texts()
    count = page.locator("a.gallery-item").count()
    assert count == len(captions) >= 3
    shown = lambda: (page.locator(".lightbox-count").inner_text(), page.locator(".lightbox-caption").inner_text())  # noqa: E731
    is_open = lambda: page.evaluate("document.querySelector('dialog.lightbox').open")  # noqa: E731

    assert not is_open()
    page.locator("a.gallery-item").first.click()
    assert is_open() and shown() == (f"1 / {count}", captions[0])
    assert page.evaluate("document.activeElement.className") == "lightbox-close"
    page.wait_for_function("document.querySelector('.lightbox-image').complete")
    full = page.evaluate("document.querySelector('.lightbox-image').currentSrc")
    assert full.endswith("-360w.webp"), full  # the full-size view too fits the phone's screen
    page.keyboard.press("ArrowRight")
    assert shown() == (f"2 / {count}", captions[1])
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert shown() == (f"{count} / {count}", captions[-1])  # from the first photo, back goes round to the last
    swipe(page, ".lightbox-stage", -150)
    assert shown() == (f"1 / {count}", captions[0])
    swipe(page, ".lightbox-stage", 150)
    assert shown() == (f"{count} / {count}", captions[-1])
    swipe(page, ".lightbox-stage", 20)  # too short to be a swipe
    assert shown() == (f"{count} / {count}", captions[-1])
    page.locator(".lightbox-next").click()
    assert shown() == (f"1 / {count}", captions[0])
    save_screenshot(page, "images-phone-lightbox")
    page.keyboard.press("Escape")
    assert not is_open()
    # The dialog's close event comes a moment later; it empties the stage, then gives focus back.
    page.wait_for_function("!document.querySelector('.lightbox-stage').firstChild")
    assert page.evaluate("document.activeElement === document.querySelector('a.gallery-item')")
    page.locator("a.gallery-item").nth(1).press("Enter")  # the keyboard opens it too
    assert is_open() and shown() == (f"2 / {count}", captions[1])
    page.locator(".lightbox-close").click()
    assert not is_open()
    watch.assert_clean()


def test_without_javascript_a_thumbnail_links_to_its_full_image(example_public, open_page):
    article = gallery_article(example_public)
    page, watch = open_page(file_url(article), example_public.as_uri(), java_script_enabled=False, **PHONE)
    href = page.locator("a.gallery-item").first.get_attribute("href")
    page.locator("a.gallery-item").first.click()
    page.wait_for_url(re.compile(re.escape(href.split("/")[-1]) + "$"))
    size = page.evaluate("[document.images[0].naturalWidth, document.images[0].naturalHeight]")
    assert size[0] >= 1000 and size[1] > 0  # the full-size image, not a thumbnail
    watch.assert_clean()
