"""Photos: resized renditions, WebP with a fallback, no metadata, orientation, the cache, bad files."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from conftest import EXAMPLE_NOW, MINIMAL_CONFIG, article
from image_samples import (COMMENT, COPYRIGHT, LEAKS, OWNER, XMP, camera_exif, camera_jpeg, encoded, noise_image,
                           png_declaring)
from PIL import ExifTags, Image
from PIL.PngImagePlugin import PngInfo

from generator.config import ImageSettings
from generator.errors import BuildError
from generator.images import CACHE_FOLDER, encode_entry, run_jobs
from generator.pipeline import BuildOptions, build

COVER = "../media/anh.jpg"


def build_result(site: Path):
    return build(site, site / "public", BuildOptions(now=EXAMPLE_NOW))


def opened(path: Path) -> Image.Image:
    image = Image.open(path)
    image.load()
    return image


def media_files(public: Path) -> list[Path]:
    return sorted(p for p in (public / "media").rglob("*") if p.is_file())


def build_errors(site: Path, language: str = "en") -> list[str]:
    with pytest.raises(BuildError) as failure:
        build_result(site)
    return [problem.format(language) for problem in failure.value.errors]


# ---------------------------------------------------------------- renditions

def test_a_camera_photo_becomes_webp_and_jpeg_at_each_width(make_site, build_site):
    site = make_site({"content/articles/a.md": article(image=COVER),
                      "content/media/anh.jpg": camera_jpeg((2000, 1500))})
    public = build_site(site)
    found = {p.name: (opened(p).format, opened(p).size) for p in media_files(public)}
    assert found == {
        "anh-360w.webp": ("WEBP", (360, 270)), "anh-360w.jpg": ("JPEG", (360, 270)),
        "anh-720w.webp": ("WEBP", (720, 540)), "anh-720w.jpg": ("JPEG", (720, 540)),
        "anh-1080w.webp": ("WEBP", (1080, 810)), "anh-1080w.jpg": ("JPEG", (1080, 810)),
        "anh-1600w.webp": ("WEBP", (1600, 1200)),
        "anh.jpg": ("JPEG", (1600, 1200)),  # the full-size image keeps the path the editor named
    }
    original = len(camera_jpeg((2000, 1500)))
    assert (public / "media/anh-360w.webp").stat().st_size < original * 0.05


def test_small_images_are_never_upscaled(make_site, build_site):
    site = make_site({"content/articles/a.md": article(image=COVER),
                      "content/media/anh.jpg": camera_jpeg((500, 300))})
    public = build_site(site)
    names = sorted(p.name for p in media_files(public))
    assert names == ["anh-360w.jpg", "anh-360w.webp", "anh-500w.webp", "anh.jpg"]
    assert opened(public / "media/anh.jpg").size == (500, 300)


def test_widths_and_quality_come_from_site_yaml(make_site, build_site):
    config = MINIMAL_CONFIG + "images:\n  widths: [400, 200]\n  quality: QUALITY\n"
    site = make_site({"content/articles/a.md": article(image=COVER),
                      "content/media/anh.jpg": camera_jpeg((1000, 500))}, config=config.replace("QUALITY", "40"))
    public = build_site(site)
    assert sorted(p.name for p in media_files(public)) == ["anh-200w.jpg", "anh-200w.webp", "anh-400w.webp", "anh.jpg"]
    assert opened(public / "media/anh.jpg").size == (400, 200)
    low = (public / "media/anh-400w.webp").stat().st_size
    make_site({}, config=config.replace("QUALITY", "90"))
    assert (build_site(site) / "media/anh-400w.webp").stat().st_size > low * 1.5


def test_graphics_with_transparency_get_png_not_jpeg(make_site, build_site):
    logo = Image.new("RGBA", (800, 400), (0, 0, 0, 0))
    logo.paste((11, 79, 138, 255), (100, 100, 700, 300))
    site = make_site({"content/articles/a.md": article(image="../media/logo.png"),
                      "content/media/logo.png": encoded(logo, "PNG")})
    public = build_site(site)
    formats = {p.name: opened(p).format for p in media_files(public)}
    assert formats == {"logo-360w.png": "PNG", "logo-360w.webp": "WEBP", "logo-720w.png": "PNG",
                       "logo-720w.webp": "WEBP", "logo-800w.webp": "WEBP", "logo.png": "PNG"}
    full = opened(public / "media/logo.png").convert("RGBA")
    assert full.getpixel((5, 5))[3] == 0 and full.getpixel((400, 200)) == (11, 79, 138, 255)
    html = (public / "articles/a.html").read_text(encoding="utf-8")
    assert "logo-360w.png 360w" in html and ".jpg" not in html


def test_a_photo_saved_as_png_keeps_its_png_at_its_path_and_gets_jpeg_fallbacks(make_site, build_site):
    site = make_site({"content/articles/a.md": article(image="../media/anh.png"),
                      "content/media/anh.png": encoded(noise_image((900, 600)), "PNG")})
    public = build_site(site)
    formats = {p.name: opened(p).format for p in media_files(public)}
    assert formats["anh.png"] == "PNG" and formats["anh-720w.jpg"] == "JPEG" and formats["anh-900w.jpg"] == "JPEG"
    assert opened(public / "media/anh.png").size == (900, 600)


def test_svg_passes_through_untouched(make_site, build_site):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 60"><rect width="120" height="60"/></svg>'
    site = make_site({"content/articles/a.md": article(body="![Sơ đồ](../media/so-do.svg)"),
                      "content/media/so-do.svg": svg})
    public = build_site(site)
    assert [p.name for p in media_files(public)] == ["so-do.svg"]
    assert (public / "media/so-do.svg").read_bytes() == svg
    html = (public / "articles/a.html").read_text(encoding="utf-8")
    assert '<img src="../media/so-do.svg" alt="Sơ đồ" width="120" height="60" loading="lazy"' in html


_SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 9 9">{}</svg>'


@pytest.mark.parametrize("inside, found", [
    ("<script>alert(1)</script>", "<script>"),
    ('<rect width="9" height="9" onload="alert(1)"/>', "onload"),
    ('<a xlink:href="  jav&#x09;ascript:alert(1)"><text>x</text></a>', "href=javascript:"),
    ('<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"><text>x</text></a>', "href=data:"),
    ('<a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a>', "to=javascript:"),
    ('<animate attributeName="href" values="#a;javascript:alert(1)"/>', "values=javascript:"),
    ('<foreignObject width="9" height="9"><div xmlns="http://www.w3.org/1999/xhtml" onclick="a()">x</div>'
     "</foreignObject>", "onclick"),
    ('<foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="x.html"/></foreignObject>', "<iframe>"),
])
@pytest.mark.parametrize("how", ["![Sơ đồ](../media/so-do.svg)", "[Tải sơ đồ](../media/so-do.svg)"])
def test_a_drawing_that_would_run_code_is_refused(make_site, inside, found, how):
    # shown as an image it would not run, but the file is published at its own address on the site
    site = make_site({"content/articles/a.md": article(body=f"Xem sơ đồ.\n\n{how}\n"),
                      "content/media/so-do.svg": _SVG.format(inside)})
    assert build_errors(site) == [f"content/articles/a.md:7: error: the drawing 'content/media/so-do.svg' holds active "
                                  f"content ({found}) that would run when a reader opens its file on the site; export "
                                  "it again without scripts or interactivity, or save it as PNG"]
    assert not (site / "public").exists()


def test_a_drawing_with_text_boxes_links_and_embedded_photos_is_published(make_site, build_site):
    inside = ('<foreignObject width="9" height="9"><div xmlns="http://www.w3.org/1999/xhtml">Nhãn</div></foreignObject>'
              '<a href="https://moet.gov.vn"><text>Bộ</text></a><image xlink:href="data:image/png;base64,iVBORw0KGgo="/>'
              '<a href="#muc"><text>Mục</text></a>')
    site = make_site({"content/articles/a.md": article(body="[Tải sơ đồ](../media/so-do.svg)"),
                      "content/media/so-do.svg": _SVG.format(inside)})
    assert (build_site(site) / "media/so-do.svg").read_text(encoding="utf-8") == _SVG.format(inside)


def test_an_animated_gif_stays_animated_without_its_comment(make_site, build_site):
    frames = [Image.new("RGB", (120, 80), color) for color in ((200, 0, 0), (0, 200, 0), (0, 0, 200))]
    gif = encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=200, loop=0,
                  comment=b"secret-comment-42")
    site = make_site({"content/articles/a.md": article(image="../media/dong.gif"),
                      "content/media/dong.gif": gif})
    public = build_site(site)
    assert [p.name for p in media_files(public)] == ["dong.gif"]
    assert b"secret-comment-42" in gif
    result = Image.open(public / "media/dong.gif")
    assert result.n_frames == 3 and result.size == (120, 80)
    assert b"secret-comment-42" not in (public / "media/dong.gif").read_bytes()


# ---------------------------------------------------------------- metadata

def test_no_published_image_carries_exif_gps_xmp_icc_or_comments(make_site, build_site):
    body = "![Ảnh](../media/than.jpg)\n\n[Tải ảnh gốc](../media/goc.jpg)\n"
    site = make_site({"content/articles/a.md": article(image=COVER, body=body,
                                                      gallery="[../media/g1.jpg, ../media/g2.png]"),
                      "content/media/anh.jpg": camera_jpeg((1200, 900), seed=1),
                      "content/media/than.jpg": camera_jpeg((800, 600), seed=2),
                      "content/media/goc.jpg": camera_jpeg((640, 480), seed=3),
                      "content/media/g1.jpg": camera_jpeg((700, 700), seed=4),
                      "content/media/g2.png": camera_png()})
    for source in ("anh.jpg", "g2.png"):
        data = (site / "content/media" / source).read_bytes()
        assert [leak for leak in LEAKS[:5] if leak not in data] == [], source  # the sources do carry them
    public = build_site(site)
    files = media_files(public)
    assert len(files) > 20 and {p.name for p in files} >= {"anh.jpg", "than.jpg", "goc.jpg", "g1.jpg", "g2.png"}
    for path in files:
        image = opened(path)
        assert len(image.getexif()) == 0, path
        assert not {"exif", "xmp", "icc_profile", "comment", "XML:com.adobe.xmp"} & set(image.info), path
        data = path.read_bytes()
        assert [leak for leak in LEAKS if leak in data] == [], path


def camera_png() -> bytes:
    """A PNG with EXIF, XMP and a text comment, as some phones and editors write them."""
    text = PngInfo()
    text.add_text("Comment", COMMENT)
    text.add_itxt("XML:com.adobe.xmp", XMP.decode())
    return encoded(noise_image((500, 400)), "PNG", exif=camera_exif().tobytes(), pnginfo=text)


def test_keep_copyright_keeps_only_owner_and_copyright(make_site, build_site):
    site = make_site({"content/articles/a.md": article(image=COVER),
                      "content/media/anh.jpg": camera_jpeg((800, 600))},
                     config=MINIMAL_CONFIG + "images:\n  keep_copyright: true\n")
    public = build_site(site)
    for path in media_files(public):
        exif = opened(path).getexif()
        assert dict(exif) == {ExifTags.Base.Artist: OWNER, ExifTags.Base.Copyright: COPYRIGHT}, path
        assert b"LoaTestCam" not in path.read_bytes() and b"SN-0042" not in path.read_bytes()


def test_exif_orientation_is_applied_to_the_pixels(make_site, build_site):
    stored = Image.new("RGB", (600, 300), (220, 0, 0))
    stored.paste((0, 0, 220), (300, 0, 600, 300))  # left red, right blue, as the sensor saw it
    site = make_site({"content/articles/a.md": article(image=COVER),
                      "content/media/anh.jpg": camera_jpeg(orientation=6, image=stored)})
    public = build_site(site)
    for name in ("anh.jpg", "anh-300w.webp"):
        upright = opened(public / "media" / name).convert("RGB")
        assert upright.size == (300, 600)  # orientation 6: turned a quarter clockwise
        top, bottom = upright.getpixel((150, 100)), upright.getpixel((150, 500))
        assert top[0] > 180 > top[2] and bottom[2] > 180 > bottom[0], (name, top, bottom)
    html = (public / "articles/a.html").read_text(encoding="utf-8")
    assert 'width="300" height="600"' in html


# ---------------------------------------------------------------- HTML

def test_pictures_have_srcset_sizes_dimensions_and_lazy_loading_below_the_cover(make_site, build_site):
    body = 'Mở đầu.\n\n![Hội trường](../media/than.jpg "Quang cảnh hội trường")\n'
    site = make_site({"content/articles/a.md": article(image=COVER, body=body, gallery="[../media/g1.jpg]"),
                      "content/media/anh.jpg": camera_jpeg((1600, 1000), seed=1),
                      "content/media/than.jpg": camera_jpeg((1200, 800), seed=2),
                      "content/media/g1.jpg": camera_jpeg((900, 600), seed=3)})
    public = build_site(site)
    html = (public / "articles/a.html").read_text(encoding="utf-8")
    pictures = re.findall(r"<picture>.*?</picture>", html, flags=re.S)
    assert len(pictures) == 3
    cover, inline, thumb = pictures
    assert ('<source type="image/webp" srcset="../media/anh-360w.webp 360w, ../media/anh-720w.webp 720w, '
            '../media/anh-1080w.webp 1080w, ../media/anh-1600w.webp 1600w" sizes="') in cover
    assert ('srcset="../media/anh-360w.jpg 360w, ../media/anh-720w.jpg 720w, ../media/anh-1080w.jpg 1080w, '
            '../media/anh.jpg 1600w"') in cover
    assert 'width="1600" height="1000"' in cover and 'fetchpriority="high"' in cover and "loading" not in cover
    assert 'alt="Hội trường" title=' not in inline  # the title became the caption
    assert 'alt="Hội trường" width="1200" height="800" loading="lazy" decoding="async"' in inline
    assert "sizes=" in inline and "../media/than-360w.webp 360w" in inline
    assert "<figcaption>Quang cảnh hội trường</figcaption>" in html
    assert 'loading="lazy"' in thumb and '<a class="gallery-item" href="../media/g1.jpg">' in html
    assert "data-loa-image" not in html
    listing = (public / "index.html").read_text(encoding="utf-8")
    assert 'srcset="media/anh-360w.webp 360w' in listing and 'sizes="(min-width: 36rem) 12rem' in listing


def test_images_in_pages_are_pictures_too(make_site, build_site):
    site = make_site({"content/pages/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\n![Trụ sở](../media/tru-so.jpg)\n",
                      "content/media/tru-so.jpg": camera_jpeg((800, 500))})
    public = build_site(site)
    html = (public / "pages/gioi-thieu.html").read_text(encoding="utf-8")
    assert '<source type="image/webp" srcset="../media/tru-so-360w.webp 360w, ../media/tru-so-720w.webp 720w' in html


# ---------------------------------------------------------------- the cache

def test_a_rebuild_with_unchanged_images_processes_nothing(make_site):
    files = {"content/articles/a.md": article(image=COVER, gallery="[../media/b.jpg, ../media/c.jpg]"),
             "content/media/anh.jpg": camera_jpeg((900, 600), seed=1),
             "content/media/b.jpg": camera_jpeg((900, 600), seed=2),
             "content/media/c.jpg": camera_jpeg((900, 600), seed=3)}
    site = make_site(files)
    assert build_result(site).images_processed == 3
    first = {p: p.read_bytes() for p in media_files(site / "public")}
    assert build_result(site).images_processed == 0
    assert {p: p.read_bytes() for p in media_files(site / "public")} == first


def test_a_changed_image_is_processed_again_and_never_served_stale(make_site):
    site = make_site({"content/articles/a.md": article(image=COVER, gallery="[../media/b.jpg]"),
                      "content/media/anh.jpg": camera_jpeg((900, 600), seed=1),
                      "content/media/b.jpg": camera_jpeg((900, 600), seed=2)})
    build_result(site)
    before = (site / "public/media/anh-360w.webp").read_bytes()
    red = Image.new("RGB", (900, 600), (200, 0, 0))
    (site / "content/media/anh.jpg").write_bytes(camera_jpeg(image=red))
    assert build_result(site).images_processed == 1
    after = site / "public/media/anh-360w.webp"
    assert after.read_bytes() != before
    assert opened(after).convert("RGB").getpixel((10, 10))[0] > 150


def test_changed_settings_process_every_image_again(make_site):
    site = make_site({"content/articles/a.md": article(image=COVER),
                      "content/media/anh.jpg": camera_jpeg((900, 600))})
    build_result(site)
    (site / "site.yaml").write_text(MINIMAL_CONFIG + "images:\n  quality: 50\n", encoding="utf-8")
    assert build_result(site).images_processed == 1


def test_a_damaged_cache_entry_is_rebuilt(make_site):
    site = make_site({"content/articles/a.md": article(image=COVER),
                      "content/media/anh.jpg": camera_jpeg((900, 600))})
    build_result(site)
    entry = next((site / CACHE_FOLDER).iterdir())
    (entry / "360.webp").unlink()
    assert build_result(site).images_processed == 1
    assert (site / "public/media/anh-360w.webp").is_file()


def test_cache_entries_unused_for_a_month_are_deleted(make_site):
    site = make_site({"content/articles/a.md": article(image=COVER),
                      "content/media/anh.jpg": camera_jpeg((900, 600), seed=1)})
    cache = site / CACHE_FOLDER
    build_result(site)
    first = {e.name for e in cache.iterdir()}
    (site / "content/media/anh.jpg").write_bytes(camera_jpeg((900, 600), seed=2))
    build_result(site)
    second = {e.name for e in cache.iterdir()} - first
    assert len(first) == len(second) == 1  # the old entry is kept a while: a branch may come back to it
    month_ago = time.time() - 31 * 86400
    for entry in cache.iterdir():
        os.utime(entry / "manifest.json", (month_ago, month_ago))
    build_result(site)
    assert {e.name for e in cache.iterdir()} == second


def test_parallel_encoding_gives_the_same_files_as_serial(tmp_path):
    settings = ImageSettings(widths=(200, 400))
    sources = []
    for index in range(4):
        source = tmp_path / f"p{index}.jpg"
        source.write_bytes(camera_jpeg((600, 400), seed=index))
        sources.append(source)
    serial = run_jobs([(str(s), settings, str(tmp_path / "serial" / s.stem)) for s in sources], workers=1)
    parallel = run_jobs([(str(s), settings, str(tmp_path / "parallel" / s.stem)) for s in sources], workers=2)
    assert serial == parallel and all(problem is None for _, problem in parallel)
    for source in sources:
        for file in (tmp_path / "serial" / source.stem).iterdir():
            assert (tmp_path / "parallel" / source.stem / file.name).read_bytes() == file.read_bytes()


def test_images_are_encoded_concurrently_on_every_core(tmp_path, monkeypatch):
    import threading

    import generator.images as images
    meeting = threading.Barrier(2, timeout=30)  # only two jobs running at once can both pass it
    real = images.encode_entry

    def encode_after_meeting(*job):
        meeting.wait()
        return real(*job)

    monkeypatch.setattr(images, "encode_entry", encode_after_meeting)
    jobs = []
    for index in range(2):
        source = tmp_path / f"p{index}.jpg"
        source.write_bytes(camera_jpeg((300, 200), seed=index))
        jobs.append((str(source), ImageSettings(widths=(100,)), str(tmp_path / "cache" / source.stem)))
    assert [problem for _, problem in images.run_jobs(jobs, workers=2)] == [None, None]


def test_an_encoded_entry_lists_its_renditions(tmp_path):
    source = tmp_path / "anh.jpg"
    source.write_bytes(camera_jpeg((500, 250)))
    manifest, problem = encode_entry(str(source), ImageSettings(widths=(100, 1000)), str(tmp_path / "entry"))
    assert problem is None
    assert [(r["name"], r["width"], r["height"], r["original"]) for r in manifest["renditions"]] == [
        ("100.jpg", 100, 50, False), ("100.webp", 100, 50, False), ("500.jpg", 500, 250, True),
        ("500.webp", 500, 250, False)]
    assert sorted(p.name for p in (tmp_path / "entry").iterdir()) == [
        "100.jpg", "100.webp", "500.jpg", "500.webp", "manifest.json"]


# ---------------------------------------------------------------- bad files

def _truncated() -> bytes:
    data = camera_jpeg((800, 600))
    return data[: len(data) // 2]


BAD_IMAGES = {
    "truncated": ("anh.jpg", _truncated(),
                  "content/articles/a.md:4: error: the image 'content/media/anh.jpg' is cut short (an incomplete "
                  "upload or copy): copy it again from the camera or phone",
                  "content/articles/a.md:4: lỗi: ảnh 'content/media/anh.jpg' bị thiếu dữ liệu (tải lên hoặc sao chép "
                  "chưa xong): hãy chép lại ảnh từ máy ảnh hoặc điện thoại"),
    "wrong extension": ("anh.jpg", encoded(noise_image((64, 48)), "PNG"),
                        "content/articles/a.md:4: error: the image 'content/media/anh.jpg' is a PNG file but its name "
                        "ends in '.jpg': rename it to end in '.png'",
                        "content/articles/a.md:4: lỗi: ảnh 'content/media/anh.jpg' là tệp PNG nhưng tên lại kết thúc "
                        "bằng '.jpg': hãy đổi tên cho kết thúc bằng '.png'"),
    "unsupported": ("anh.tif", encoded(noise_image((64, 48)), "TIFF"),
                    "content/articles/a.md:4: error: the image 'content/media/anh.tif' is in TIFF format, which "
                    "browsers cannot show: save it as JPEG (photos) or PNG (graphics)",
                    "content/articles/a.md:4: lỗi: ảnh 'content/media/anh.tif' có định dạng TIFF, trình duyệt không "
                    "hiển thị được: hãy lưu lại dưới dạng JPEG (ảnh chụp) hoặc PNG (hình đồ họa)"),
    "not an image": ("anh.jpg", b"<html>this is a web page saved under a photo's name</html>",
                     "content/articles/a.md:4: error: the image 'content/media/anh.jpg' cannot be read: it is damaged "
                     "or not an image; open it in an image editor and save it again as JPEG or PNG",
                     "content/articles/a.md:4: lỗi: không đọc được ảnh 'content/media/anh.jpg': tệp bị hỏng hoặc "
                     "không phải là ảnh; mở bằng phần mềm chỉnh ảnh rồi lưu lại dưới dạng JPEG hoặc PNG"),
    "decompression bomb": ("anh.png", png_declaring(20000, 20000),
                           "content/articles/a.md:4: error: the image 'content/media/anh.png' has 400 megapixels, more "
                           "than the 120 allowed (a damaged file or a decompression bomb): resize it to at most 4000 "
                           "pixels wide",
                           "content/articles/a.md:4: lỗi: ảnh 'content/media/anh.png' có 400 megapixel, vượt quá mức "
                           "120 cho phép (tệp hỏng hoặc \"bom giải nén\"): hãy thu nhỏ ảnh xuống tối đa 4000 điểm ảnh "
                           "chiều rộng"),
    "bomb under pillow's own limit": ("anh.png", png_declaring(12000, 11000),
                                      "content/articles/a.md:4: error: the image 'content/media/anh.png' has 132 "
                                      "megapixels, more than the 120 allowed (a damaged file or a decompression "
                                      "bomb): resize it to at most 4000 pixels wide", None),
}


@pytest.mark.parametrize("case", sorted(BAD_IMAGES))
@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")  # pytest undoes image_codec's filter
def test_bad_images_are_errors_naming_the_page_and_the_file(make_site, case):
    name, data, english, vietnamese = BAD_IMAGES[case]
    site = make_site({"content/articles/a.md": article(image=f"../media/{name}"),
                      f"content/media/{name}": data})
    assert build_errors(site) == [english]
    if vietnamese:
        assert build_errors(site, "vi") == [vietnamese]
    assert not (site / "public").exists()


def test_a_bad_image_in_a_body_is_reported_at_its_line_for_every_page_using_it(make_site):
    body = "Mở đầu.\n\n![Ảnh hỏng](../media/hong.jpg)\n"
    site = make_site({"content/articles/a.md": article(body=body),
                      "content/articles/b.md": article(title="Bài hai", gallery="[../media/hong.jpg]"),
                      "content/media/hong.jpg": b"not a photo"})
    errors = build_errors(site)
    assert [e.split(": error")[0] for e in errors] == ["content/articles/a.md:7", "content/articles/b.md:4"]


# ---------------------------------------------------------------- site.yaml

@pytest.mark.parametrize("block, message", [
    ("images:\n  widths: [360, big]\n", "site.yaml:6: error: 'images.widths' must be a list of widths in pixels "
                                        "between 16 and 8000, e.g. [360, 720, 1080, 1600], not '[360, 'big']'"),
    ("images:\n  widths: []\n", "site.yaml:6: error: 'images.widths' must be a list of widths in pixels between 16 "
                                "and 8000, e.g. [360, 720, 1080, 1600], not '[]'"),
    ("images:\n  quality: 0\n", "site.yaml:6: error: 'images.quality' must be a whole number from 1 to 100 (75 is a "
                                "good choice), not '0'"),
    ("images:\n  keep_copyrights: true\n", "site.yaml:6: error: unknown key 'keep_copyrights': did you mean "
                                           "'keep_copyright'?"),
    ("images:\n  keep_copyright: yes please\n", "site.yaml:6: error: 'images.keep_copyright' must be true or "
                                                "false, not 'yes please'"),
])
def test_image_settings_are_checked(make_site, block, message):
    site = make_site({"content/articles/a.md": article()}, config=MINIMAL_CONFIG + block)
    assert build_errors(site) == [message]
