#!/usr/bin/env python3
"""Generate the example site's media: photo-like JPEGs, the logo and a plan PDF.

Everything under content/media/ that the example site uses is made here, so the
repository carries no third-party photographs. The output is deterministic:
each picture draws its random numbers from a generator seeded with its own path,
and only Pillow's built-in font is used (it has no Vietnamese glyphs, so the
text painted into pictures is written without diacritics).

    python tools/make_example_media.py                 # (re)writes content/media/
    python tools/make_example_media.py --only khai-mac # just the matching photos

Requires Pillow only.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import zlib
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parent.parent
MEDIA = ROOT / "content" / "media"

LANDSCAPE = (1600, 1067)
PORTRAIT = (1067, 1600)

# path below content/media/ -> (scene, orientation, options)
PHOTOS: dict[str, tuple[str, tuple[int, int], dict]] = {
    # Lễ khai mạc Tuần lễ hưởng ứng học tập suốt đời năm 2021
    "2021/khai-mac/quang-canh.jpg": ("hall", LANDSCAPE, {
        "banner": ["LE KHAI MAC", "TUAN LE HUONG UNG HOC TAP SUOT DOI NAM 2021"],
        "top": "BAN CHI DAO XAY DUNG XA HOI HOC TAP TINH QUANG NINH",
        "date": "Quang Ninh, ngay 01 thang 10 nam 2021"}),
    "2021/khai-mac/phat-bieu-khai-mac.jpg": ("speaker", LANDSCAPE, {
        "banner": ["TUAN LE HUONG UNG", "HOC TAP SUOT DOI NAM 2021"], "suit": (38, 40, 52),
        "woman": True}),
    "2021/khai-mac/phat-bieu-huong-ung.jpg": ("speaker", PORTRAIT, {
        "banner": ["HOC TAP", "SUOT DOI"], "suit": (70, 72, 80)}),
    "2021/khai-mac/be-mac.jpg": ("speaker", LANDSCAPE, {
        "banner": ["TUAN LE HUONG UNG", "HOC TAP SUOT DOI NAM 2021"], "suit": (92, 40, 52),
        "speaker_x": 0.62, "woman": True}),
    "2021/khai-mac/anh-1.jpg": ("online", LANDSCAPE, {
        "label": "KHAI MAC TUAN LE HUONG UNG HOC TAP SUOT DOI 2021 - 14 DIEM CAU"}),
    "2021/khai-mac/anh-2.jpg": ("hall", LANDSCAPE, {
        "banner": ["CHUYEN DOI SO VA CO HOI HOC TAP SUOT DOI", "CHO TAT CA MOI NGUOI"],
        "top": "TUAN LE HUONG UNG HOC TAP SUOT DOI NAM 2021", "date": "01/10 - 07/10/2021",
        "rows": 6, "camera": "low"}),
    "2021/khai-mac/anh-3.jpg": ("hall", LANDSCAPE, {
        "banner": ["LE KHAI MAC", "TUAN LE HUONG UNG HOC TAP SUOT DOI NAM 2021"],
        "top": "UY BAN NHAN DAN TINH QUANG NINH", "date": "01/10/2021", "rows": 2,
        "backdrop": (20, 64, 140)}),
    "2021/khai-mac/anh-4.jpg": ("speaker", PORTRAIT, {
        "banner": ["HUONG UNG", "TUAN LE"], "suit": (235, 235, 240), "student": True}),
    "2021/khai-mac/anh-5.jpg": ("group", LANDSCAPE, {
        "banner": ["TUAN LE HUONG UNG HOC TAP SUOT DOI NAM 2021",
                   "Chuyen doi so va co hoi hoc tap suot doi cho tat ca moi nguoi"]}),
    # Tọa đàm chuyển đổi số trong học ngoại ngữ
    "2021/toa-dam-ngoai-ngu/toa-dam.jpg": ("classroom", LANDSCAPE, {
        "slide": ["TOA DAM", "CHUYEN DOI SO TRONG VIEC", "THUC DAY HOC NGOAI NGU"]}),
    # Triển lãm tại Thư viện tỉnh
    "2021/trien-lam/cover.jpg": ("exhibition", LANDSCAPE, {
        "banner": "TRIEN LAM: HOC TAP SUOT DOI TRONG KY NGUYEN SO"}),
    "2021/trien-lam/anh-1.jpg": ("library", LANDSCAPE, {"visitors": 5}),
    "2021/trien-lam/anh-2.jpg": ("exhibition", LANDSCAPE, {
        "banner": "SACH VA TAI LIEU SO - THU VIEN TINH QUANG NINH", "boards": 4}),
    "2021/trien-lam/anh-3.jpg": ("library", PORTRAIT, {"visitors": 2}),
    "2021/trien-lam/anh-4.jpg": ("classroom", LANDSCAPE, {
        "slide": ["THU VIEN SO", "Tra cuu tai lieu truc tuyen", "thuvien.quangninh.gov.vn"],
        "wall": (222, 214, 190)}),
    # Tặng sách cho học sinh Bình Liêu
    "2021/tang-sach/cover.jpg": ("schoolyard", LANDSCAPE, {
        "banner": "TRAO TANG SACH VA DO DUNG HOC TAP CHO HOC SINH", "crowd": 3, "hills": True}),
    "2021/tang-sach/trao-qua.jpg": ("group", LANDSCAPE, {
        "banner": ["TRAO TANG SACH, DO DUNG HOC TAP", "HOC SINH HUYEN BINH LIEU"],
        "students": True}),
    # Hội thảo xây dựng xã hội học tập
    "2021/hoi-thao/hoi-thao.jpg": ("hall", LANDSCAPE, {
        "banner": ["HOI THAO", "CHUYEN DOI SO DE XAY DUNG THANH CONG MOT XA HOI HOC TAP MOI"],
        "top": "TRUONG DAI HOC HA LONG", "date": "Quang Ninh, ngay 06 thang 10 nam 2021",
        "backdrop": (18, 82, 150), "rows": 4}),
    # An toàn giao thông
    "2023/atgt/tap-huan.jpg": ("road", LANDSCAPE, {
        "banner": "TAP HUAN KY NANG LAI XE AN TOAN CHO HOC SINH"}),
    "2025/khai-giang/cover.jpg": ("schoolyard", LANDSCAPE, {
        "banner": "LE KHAI GIANG NAM HOC 2025 - 2026", "crowd": 6, "flag": True}),
    "2026/atgt/cover.jpg": ("road", LANDSCAPE, {
        "banner": "THANG CAO DIEM AN TOAN GIAO THONG CHO HOC SINH 2026", "helmets": True}),
}

SKIN = [(224, 182, 150), (210, 165, 130), (198, 150, 118), (230, 192, 160)]
HAIR = [(22, 18, 16), (34, 26, 22), (46, 38, 30), (60, 58, 58), (15, 15, 18)]
SHIRTS = [(240, 240, 236), (226, 230, 238), (40, 48, 70), (52, 56, 64), (120, 150, 190),
          (200, 205, 210), (30, 32, 40), (176, 60, 58), (88, 110, 140)]


def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size)


def seed_for(name: str) -> random.Random:
    return random.Random(zlib.crc32(name.encode("utf-8")))


def gradient(size, top, bottom) -> Image.Image:
    """A vertical gradient from colour `top` to colour `bottom`."""
    w, h = size
    mask = Image.linear_gradient("L").resize((w, h))
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


def shade(color, factor):
    return tuple(max(0, min(255, int(c * factor))) for c in color)


def jitter(rng, color, amount=12):
    return tuple(max(0, min(255, c + rng.randint(-amount, amount))) for c in color)


def text_fit(draw, text, box_w, max_size):
    size = max_size
    while size > 10:
        f = font(size)
        if draw.textlength(text, font=f) <= box_w:
            return f
        size -= 2
    return font(10)


def centered_text(draw, cx, y, text, max_w, max_size, fill):
    f = text_fit(draw, text, max_w, max_size)
    w = draw.textlength(text, font=f)
    draw.text((cx - w / 2, y), text, font=f, fill=fill)
    return f.size


def glow(img, boxes, color=(255, 246, 220), radius=40, strength=0.55):
    """Soft light spots (ceiling lamps, windows)."""
    layer = Image.new("L", img.size, 0)
    d = ImageDraw.Draw(layer)
    for box in boxes:
        d.ellipse(box, fill=255)
    layer = layer.filter(ImageFilter.GaussianBlur(radius))
    layer = layer.point(lambda v: int(v * strength))
    return Image.composite(Image.new("RGB", img.size, color), img, layer)


# ---------------------------------------------------------------- people

def person_back(draw, rng, x, y, s, shirt=None):
    """Seen from behind: shoulders and the back of a head. (x, y) = neck base."""
    shirt = shirt or rng.choice(SHIRTS)
    hair = rng.choice(HAIR)
    sw = 1.0 + rng.uniform(-0.12, 0.15)
    draw.rounded_rectangle((x - 26 * s * sw, y, x + 26 * s * sw, y + 60 * s),
                           radius=int(16 * s), fill=jitter(rng, shirt, 8))
    draw.ellipse((x - 13 * s, y - 30 * s, x + 13 * s, y + 2 * s), fill=hair)
    if rng.random() < 0.3:  # longer hair
        draw.rounded_rectangle((x - 13 * s, y - 16 * s, x + 13 * s, y + 12 * s),
                               radius=int(6 * s), fill=hair)


def person_front(draw, rng, x, y, s, shirt=None, scarf=None, helmet=None, arms=True):
    """Facing the camera. (x, y) = neck base; s = scale (1 = head 26 px wide)."""
    shirt = shirt or rng.choice(SHIRTS)
    skin = rng.choice(SKIN)
    hair = rng.choice(HAIR)
    draw.rounded_rectangle((x - 25 * s, y, x + 25 * s, y + 78 * s), radius=int(14 * s),
                           fill=jitter(rng, shirt, 6))
    if arms:
        draw.rounded_rectangle((x - 31 * s, y + 6 * s, x - 21 * s, y + 70 * s),
                               radius=int(5 * s), fill=shade(jitter(rng, shirt, 6), 0.9))
        draw.rounded_rectangle((x + 21 * s, y + 6 * s, x + 31 * s, y + 70 * s),
                               radius=int(5 * s), fill=shade(jitter(rng, shirt, 6), 0.9))
    draw.polygon([(x - 6 * s, y), (x + 6 * s, y), (x, y + 12 * s)], fill=skin)
    if scarf:
        draw.polygon([(x - 9 * s, y + 2 * s), (x + 9 * s, y + 2 * s), (x, y + 24 * s)], fill=scarf)
    draw.rectangle((x - 5 * s, y - 6 * s, x + 5 * s, y + 2 * s), fill=shade(skin, 0.9))
    draw.ellipse((x - 12 * s, y - 32 * s, x + 12 * s, y - 2 * s), fill=skin)
    if helmet:
        draw.chord((x - 15 * s, y - 38 * s, x + 15 * s, y - 6 * s), 180, 360, fill=helmet)
        draw.rectangle((x - 15 * s, y - 23 * s, x + 15 * s, y - 20 * s), fill=shade(helmet, 0.7))
    else:
        draw.chord((x - 13 * s, y - 34 * s, x + 13 * s, y - 8 * s), 180, 360, fill=hair)
    # eyes: tiny dark dots read as a face at photo scale
    draw.ellipse((x - 6 * s, y - 19 * s, x - 3 * s, y - 16 * s), fill=(40, 30, 28))
    draw.ellipse((x + 3 * s, y - 19 * s, x + 6 * s, y - 16 * s), fill=(40, 30, 28))


def flowers(draw, rng, box, n=60):
    x0, y0, x1, y1 = box
    draw.ellipse((x0, y0 + (y1 - y0) * 0.2, x1, y1), fill=(40, 92, 46))
    for _ in range(n):
        fx = rng.uniform(x0 + 4, x1 - 4)
        fy = rng.uniform(y0, y1 - (y1 - y0) * 0.25)
        r = rng.uniform(4, 9) * (x1 - x0) / 160
        col = rng.choice([(236, 196, 40), (226, 60, 60), (250, 240, 236), (240, 130, 40),
                          (210, 40, 80), (250, 210, 80)])
        draw.ellipse((fx - r, fy - r, fx + r, fy + r), fill=col)


def backdrop(draw, box, color, lines, top=None, date=None, emblem=True):
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    draw.rectangle(box, fill=color)
    draw.rectangle(box, outline=(226, 186, 80), width=max(3, int(w * 0.004)))
    cx = (x0 + x1) / 2
    y = y0 + h * 0.08
    if emblem:
        r = h * 0.11
        draw.ellipse((cx - r, y, cx + r, y + 2 * r), fill=(214, 170, 60))
        draw.ellipse((cx - r * 0.72, y + r * 0.28, cx + r * 0.72, y + 1.72 * r), fill=(200, 30, 36))
        star(draw, cx, y + r, r * 0.55, (250, 220, 70))
        y += 2 * r + h * 0.04
    if top:
        size = centered_text(draw, cx, y, top, w * 0.8, int(h * 0.07), (250, 240, 220))
        y += size * 1.5
    for i, line in enumerate(lines):
        size = centered_text(draw, cx, y, line, w * 0.9, int(h * (0.15 if i == 0 else 0.095)),
                             (250, 222, 60))
        y += size * 1.3
    if date:
        centered_text(draw, cx, y1 - h * 0.14, date, w * 0.6, int(h * 0.065), (250, 240, 220))


def star(draw, cx, cy, r, fill):
    pts = []
    for i in range(10):
        ang = -math.pi / 2 + i * math.pi / 5
        rr = r if i % 2 == 0 else r * 0.42
        pts.append((cx + rr * math.cos(ang), cy + rr * math.sin(ang)))
    draw.polygon(pts, fill=fill)


# ---------------------------------------------------------------- scenes

def scene_hall(size, rng, opt):
    """A conference hall seen from the back rows: backdrop, presidium, audience."""
    w, h = size
    img = gradient(size, (196, 176, 146), (150, 126, 98))
    d = ImageDraw.Draw(img)
    low = opt.get("camera") == "low"
    stage_y = h * (0.50 if low else 0.46)
    # wooden wall panels
    for i in range(14):
        x = i * w / 14
        d.line((x, 0, x, stage_y), fill=(170, 146, 112), width=3)
    backdrop(d, (w * 0.14, h * 0.05, w * 0.86, stage_y - h * 0.06), opt.get("backdrop", (176, 22, 30)),
             opt["banner"], opt.get("top"), opt.get("date"))
    # stage and carpet
    d.rectangle((0, stage_y, w, h), fill=(120, 40, 44))
    d.rectangle((w * 0.08, stage_y - h * 0.02, w * 0.92, stage_y + h * 0.06), fill=(150, 60, 56))
    # presidium table with seated officials
    ty = stage_y - h * 0.005
    n = 9
    for i in range(n):
        px = w * 0.2 + i * (w * 0.6) / (n - 1)
        person_front(d, rng, px, ty - h * 0.035, h / 1067 * 0.75, shirt=rng.choice(SHIRTS[:4]), arms=False)
    d.rectangle((w * 0.17, ty, w * 0.83, ty + h * 0.075), fill=(236, 238, 244))
    d.rectangle((w * 0.17, ty + h * 0.055, w * 0.83, ty + h * 0.075), fill=(34, 70, 150))
    for i in range(8):
        fx = w * 0.2 + i * w * 0.6 / 7
        flowers(d, rng, (fx - w * 0.022, ty + h * 0.045, fx + w * 0.022, ty + h * 0.085), n=12)
    # podium
    px = w * 0.89
    d.polygon([(px - w * 0.035, stage_y - h * 0.06), (px + w * 0.035, stage_y - h * 0.06),
               (px + w * 0.028, stage_y + h * 0.05), (px - w * 0.028, stage_y + h * 0.05)],
              fill=(128, 72, 40))
    flowers(d, rng, (px - w * 0.04, stage_y - h * 0.03, px + w * 0.04, stage_y + h * 0.04), n=30)
    img = glow(img, [(w * x - 30, -20, w * x + 30, 30) for x in (0.1, 0.3, 0.5, 0.7, 0.9)],
               radius=35, strength=0.6)
    d = ImageDraw.Draw(img)
    # audience: rows of backs, bigger towards the camera
    rows = opt.get("rows", 5)
    for r in range(rows):
        t = r / max(1, rows - 1)
        y = h * (0.60 + 0.36 * t) + (h * 0.04 if low else 0)
        s = h / 1067 * (1.1 + 2.2 * t)
        # chair backs
        step = 64 * s
        offset = rng.uniform(0, step)
        x = -step + offset
        while x < w + step:
            if rng.random() < 0.88:
                person_back(d, rng, x, y, s)
            d.rounded_rectangle((x - 28 * s, y + 30 * s, x + 28 * s, y + 80 * s), radius=int(6 * s),
                                fill=jitter(rng, (110, 24, 30), 6))
            x += step
    return img


def scene_speaker(size, rng, opt):
    w, h = size
    portrait = h > w
    bg = Image.new("RGB", size, (160, 20, 28))
    d = ImageDraw.Draw(bg)
    backdrop(d, (-10, -10, w + 10, h * 0.72), (170, 22, 30), opt["banner"], emblem=not portrait)
    bg = glow(bg, [(w * 0.2, h * 0.1, w * 0.8, h * 0.5)], color=(255, 210, 160), radius=120, strength=0.35)
    bg = bg.filter(ImageFilter.GaussianBlur(6))  # shallow depth of field
    d = ImageDraw.Draw(bg)
    cx = w * opt.get("speaker_x", 0.45)
    s = (w if portrait else h) / 1067 * (6.0 if portrait else 4.6)
    ny = h * (0.42 if portrait else 0.36)
    if opt.get("student"):
        person_front(d, rng, cx, ny, s, shirt=(245, 245, 248), scarf=(206, 30, 36))
    elif opt.get("woman"):
        hair = (24, 20, 18)
        d.rounded_rectangle((cx - 15 * s, ny - 30 * s, cx + 15 * s, ny + 16 * s), radius=int(8 * s), fill=hair)
        person_front(d, rng, cx, ny, s, shirt=opt.get("suit", (40, 42, 52)))
        d.polygon([(cx - 8 * s, ny + 2 * s), (cx + 8 * s, ny + 2 * s), (cx, ny + 22 * s)], fill=(244, 244, 246))
    else:
        person_front(d, rng, cx, ny, s, shirt=opt.get("suit", (40, 42, 52)))
        # white collar and tie
        d.polygon([(cx - 8 * s, ny + 2 * s), (cx + 8 * s, ny + 2 * s), (cx, ny + 30 * s)], fill=(244, 244, 246))
        d.polygon([(cx - 2.5 * s, ny + 6 * s), (cx + 2.5 * s, ny + 6 * s), (cx, ny + 28 * s)], fill=(120, 24, 36))
    # podium
    top = ny + 46 * s
    d.polygon([(cx - 60 * s, top), (cx + 60 * s, top), (cx + 50 * s, h + 10), (cx - 50 * s, h + 10)],
              fill=(120, 66, 36))
    d.rectangle((cx - 62 * s, top - 4 * s, cx + 62 * s, top + 4 * s), fill=(150, 86, 48))
    for i in range(6):
        d.line((cx - 48 * s + i * 19 * s, top + 8 * s, cx - 44 * s + i * 18 * s, h), fill=(108, 58, 32),
               width=max(1, int(s)))
    r = 16 * s
    d.ellipse((cx - r, top + 30 * s, cx + r, top + 30 * s + 2 * r), fill=(214, 170, 60))
    star(d, cx, top + 30 * s + r, r * 0.6, (200, 30, 36))
    # microphone
    d.line((cx + 20 * s, top, cx + 6 * s, ny - 2 * s), fill=(30, 30, 30), width=max(2, int(1.2 * s)))
    d.ellipse((cx + 3 * s, ny - 6 * s, cx + 10 * s, ny + 1 * s), fill=(20, 20, 20))
    flowers(d, rng, (cx - 64 * s, top + 64 * s, cx + 64 * s, top + 120 * s), n=80)
    return bg


def scene_online(size, rng, opt):
    """A meeting room whose wall screen shows the connection points."""
    w, h = size
    img = gradient(size, (214, 208, 196), (176, 168, 154))
    d = ImageDraw.Draw(img)
    sx0, sy0, sx1, sy1 = w * 0.16, h * 0.08, w * 0.84, h * 0.58
    d.rectangle((sx0 - 12, sy0 - 12, sx1 + 12, sy1 + 12), fill=(24, 24, 28))
    d.rectangle((sx0, sy0, sx1, sy1), fill=(16, 30, 60))
    places = ["HOI TRUONG UBND TINH", "HA LONG", "CAM PHA", "UONG BI", "MONG CAI", "DONG TRIEU",
              "QUANG YEN", "VAN DON", "TIEN YEN", "BINH LIEU", "DAM HA", "HAI HA", "BA CHE", "CO TO"]
    cols, rows = 5, 3
    tw, th = (sx1 - sx0) / cols, (sy1 - sy0 - 40) / rows
    f = font(14)
    for i, name in enumerate(places):
        c, r = (i + 1) % cols, (i + 1) // cols
        if i == 0:
            c, r = 0, 0
        x, y = sx0 + c * tw + 4, sy0 + r * th + 4
        tile = (x, y, x + tw - 8, y + th - 8)
        d.rectangle(tile, fill=jitter(rng, (150, 40, 40) if i == 0 else (120, 110, 96), 18))
        d.rectangle((tile[0], tile[1], tile[2], tile[1] + (th - 8) * 0.35), fill=jitter(rng, (170, 28, 34), 10))
        for k in range(rng.randint(3, 6)):
            px = tile[0] + (k + 0.7) * (tw - 8) / 6.5
            person_front(d, rng, px, tile[1] + (th - 8) * 0.72, 0.55 + rng.uniform(-0.05, 0.05), arms=False)
        d.rectangle((tile[0], tile[3] - 20, tile[2], tile[3]), fill=(10, 10, 14))
        d.text((tile[0] + 5, tile[3] - 18), name, font=f, fill=(240, 240, 240))
    centered_text(d, (sx0 + sx1) / 2, sy1 - 32, opt["label"], sx1 - sx0 - 40, 22, (250, 230, 120))
    img = glow(img, [(sx0, sy0, sx1, sy1)], color=(120, 150, 220), radius=60, strength=0.25)
    d = ImageDraw.Draw(img)
    # table edge and people from behind
    d.polygon([(0, h * 0.72), (w, h * 0.70), (w, h), (0, h)], fill=(112, 74, 46))
    d.polygon([(0, h * 0.72), (w, h * 0.70), (w, h * 0.73), (0, h * 0.75)], fill=(140, 96, 60))
    for i in range(5):
        x = w * (0.1 + 0.2 * i) + rng.uniform(-30, 30)
        person_back(d, rng, x, h * 0.66, h / 1067 * 3.2)
        d.rectangle((x + 60, h * 0.74, x + 150, h * 0.80), fill=(240, 240, 240))  # papers
    return img


def scene_classroom(size, rng, opt):
    w, h = size
    img = gradient(size, opt.get("wall", (214, 222, 200)), (180, 186, 168))
    d = ImageDraw.Draw(img)
    # projection screen with a slide
    sx0, sy0, sx1, sy1 = w * 0.24, h * 0.06, w * 0.76, h * 0.44
    d.rectangle((sx0, sy0, sx1, sy1), fill=(246, 246, 250))
    d.rectangle((sx0, sy0, sx1, sy0 + (sy1 - sy0) * 0.16), fill=(24, 86, 160))
    y = sy0 + (sy1 - sy0) * 0.24
    for i, line in enumerate(opt["slide"]):
        size_ = centered_text(d, (sx0 + sx1) / 2, y, line, (sx1 - sx0) * 0.85, 54 if i == 0 else 40,
                              (180, 24, 30) if i == 0 else (30, 50, 90))
        y += size_ * 1.4
    for i in range(3):
        d.rectangle((sx0 + 60, y + 10 + i * 26, sx0 + 60 + rng.uniform(200, (sx1 - sx0) - 120), y + 22 + i * 26),
                    fill=(170, 180, 196))
    img = glow(img, [(sx0, sy0, sx1, sy1)], color=(255, 255, 255), radius=50, strength=0.3)
    # windows on the left wall
    img = glow(img, [(-120, h * 0.05, 40, h * 0.55)], color=(255, 250, 230), radius=60, strength=0.7)
    d = ImageDraw.Draw(img)
    d.rectangle((0, h * 0.50, w, h), fill=(176, 160, 136))
    # desks in perspective, learners with laptops
    for r in range(4):
        t = r / 3
        y = h * (0.56 + 0.34 * t)
        s = h / 1067 * (1.3 + 1.9 * t)
        n = 4 if r < 2 else 3
        for k in range(n):
            x = w * (k + 0.5) / n + rng.uniform(-20, 20)
            person_back(d, rng, x, y - 10 * s, s)
            d.rectangle((x - 60 * s, y + 40 * s, x + 60 * s, y + 52 * s), fill=(196, 160, 110))
            if rng.random() < 0.7:
                d.polygon([(x + 10 * s, y + 40 * s), (x + 46 * s, y + 40 * s), (x + 42 * s, y + 14 * s),
                           (x + 14 * s, y + 14 * s)], fill=(60, 64, 72))
    return img


def bookcase(d, rng, box):
    x0, y0, x1, y1 = box
    d.rectangle(box, fill=(92, 58, 34))
    shelves = 6
    sh = (y1 - y0) / shelves
    for i in range(shelves):
        top = y0 + i * sh + 6
        bottom = y0 + (i + 1) * sh - 6
        d.rectangle((x0 + 6, top, x1 - 6, bottom), fill=(60, 36, 22))
        x = x0 + 8
        while x < x1 - 14:
            bw = rng.uniform(6, 18) * (x1 - x0) / 300
            bh = (bottom - top) * rng.uniform(0.7, 0.98)
            col = jitter(rng, rng.choice([(150, 30, 30), (30, 70, 130), (220, 200, 160), (40, 110, 70),
                                           (200, 150, 40), (90, 40, 90), (230, 230, 220)]), 20)
            d.rectangle((x, bottom - bh, min(x + bw, x1 - 8), bottom), fill=col)
            x += bw + 1
        d.rectangle((x0, bottom, x1, bottom + 8), fill=(110, 72, 42))


def scene_library(size, rng, opt):
    w, h = size
    img = gradient(size, (232, 226, 212), (200, 190, 170))
    d = ImageDraw.Draw(img)
    n = 3 if w > h else 2
    for i in range(n):
        x0 = w * (0.04 + i * 0.96 / n)
        bookcase(d, rng, (x0, h * 0.08, x0 + w * 0.96 / n - w * 0.03, h * 0.74))
    d.rectangle((0, h * 0.74, w, h), fill=(168, 140, 110))
    for i in range(12):
        d.line((0, h * 0.74 + i * h * 0.03 * (1 + i * 0.3), w, h * 0.74 + i * h * 0.03 * (1 + i * 0.3)),
               fill=(150, 124, 96), width=2)
    img = glow(img, [(w * 0.3, -60, w * 0.7, 40)], radius=80, strength=0.5)
    d = ImageDraw.Draw(img)
    for k in range(opt.get("visitors", 3)):
        x = w * rng.uniform(0.1, 0.9)
        s = (w if w > h else h * 0.67) / 1600 * rng.uniform(3.0, 3.8)
        y = h * rng.uniform(0.50, 0.58)
        if rng.random() < 0.5:
            person_front(d, rng, x, y, s, shirt=rng.choice([(245, 245, 248), (30, 60, 120), (200, 60, 60)]),
                         scarf=(206, 30, 36) if rng.random() < 0.5 else None)
        else:
            person_back(d, rng, x, y, s)
    return img


def scene_exhibition(size, rng, opt):
    w, h = size
    img = gradient(size, (236, 232, 224), (206, 198, 186))
    d = ImageDraw.Draw(img)
    d.rectangle((0, 0, w, h * 0.12), fill=(24, 84, 150))
    centered_text(d, w / 2, h * 0.03, opt["banner"], w * 0.9, 56, (255, 255, 255))
    bookcase(d, rng, (w * 0.02, h * 0.16, w * 0.18, h * 0.72))
    bookcase(d, rng, (w * 0.82, h * 0.16, w * 0.98, h * 0.72))
    boards = opt.get("boards", 3)
    for i in range(boards):
        bx = w * 0.22 + i * (w * 0.56) / boards
        bw = w * 0.56 / boards - 24
        d.rectangle((bx, h * 0.18, bx + bw, h * 0.66), fill=(250, 250, 250), outline=(120, 120, 120), width=3)
        d.rectangle((bx + 12, h * 0.20, bx + bw - 12, h * 0.26), fill=(180, 28, 34))
        # pictures and text lines on the board
        for j in range(2):
            py = h * (0.29 + j * 0.18)
            d.rectangle((bx + 16, py, bx + bw * 0.48, py + h * 0.13),
                        fill=jitter(rng, rng.choice([(90, 130, 170), (120, 150, 90), (170, 120, 90)]), 20))
            for k in range(5):
                d.line((bx + bw * 0.54, py + 8 + k * 18, bx + bw - 18, py + 8 + k * 18), fill=(150, 150, 150), width=4)
        d.line((bx + bw * 0.2, h * 0.66, bx + bw * 0.1, h * 0.8), fill=(90, 60, 40), width=8)
        d.line((bx + bw * 0.8, h * 0.66, bx + bw * 0.9, h * 0.8), fill=(90, 60, 40), width=8)
    d.rectangle((0, h * 0.76, w, h), fill=(150, 128, 104))
    # display table with books
    d.rectangle((w * 0.25, h * 0.74, w * 0.75, h * 0.84), fill=(236, 236, 240))
    d.rectangle((w * 0.25, h * 0.82, w * 0.75, h * 0.84), fill=(30, 80, 150))
    x = w * 0.27
    while x < w * 0.72:
        bw = rng.uniform(40, 80)
        d.rectangle((x, h * 0.70, x + bw, h * 0.745), fill=jitter(rng, rng.choice(SHIRTS[4:]), 30))
        x += bw + rng.uniform(10, 30)
    img = glow(img, [(w * 0.2, h * 0.1, w * 0.8, h * 0.3)], radius=90, strength=0.3)
    d = ImageDraw.Draw(img)
    for k in range(4):
        x = w * (0.12 + 0.25 * k) + rng.uniform(-40, 40)
        person_back(d, rng, x, h * rng.uniform(0.78, 0.86), h / 1067 * rng.uniform(3.2, 3.8),
                    shirt=rng.choice([(245, 245, 248), (240, 240, 236), (40, 60, 110)]))
    return img


def sky_and_ground(size, rng, opt):
    w, h = size
    img = gradient(size, (120, 170, 220), (214, 226, 236))
    d = ImageDraw.Draw(img)
    clouds = Image.new("L", size, 0)
    cd = ImageDraw.Draw(clouds)
    for _ in range(14):
        x, y = rng.uniform(0, w), rng.uniform(0, h * 0.25)
        rw, rh = rng.uniform(80, 220), rng.uniform(20, 50)
        cd.ellipse((x - rw, y - rh, x + rw, y + rh), fill=220)
    clouds = clouds.filter(ImageFilter.GaussianBlur(30))
    img = Image.composite(Image.new("RGB", size, (250, 250, 252)), img, clouds)
    d = ImageDraw.Draw(img)
    if opt.get("hills"):
        for k, col in enumerate([(110, 140, 120), (80, 120, 84)]):
            pts = [(0, h)]
            for i in range(0, w + 80, 80):
                pts.append((i, h * (0.30 + 0.05 * k) - 60 * math.sin(i / 260 + k * 2) - rng.uniform(0, 20)))
            pts.append((w, h))
            d.polygon(pts, fill=col)
    return img, d


def tree(d, rng, x, y, s):
    d.rectangle((x - 6 * s, y - 60 * s, x + 6 * s, y), fill=(90, 62, 40))
    for _ in range(14):
        ox, oy = rng.uniform(-40, 40) * s, rng.uniform(-120, -50) * s
        r = rng.uniform(20, 34) * s
        d.ellipse((x + ox - r, y + oy - r, x + ox + r, y + oy + r), fill=jitter(rng, (52, 110, 52), 20))


def school_building(d, rng, w, h, banner):
    x0, x1, y0, y1 = w * 0.06, w * 0.94, h * 0.16, h * 0.56
    d.rectangle((x0, y0, x1, y1), fill=(236, 196, 90))
    d.polygon([(x0 - 20, y0), (x1 + 20, y0), (x1 - 10, y0 - h * 0.06), (x0 + 10, y0 - h * 0.06)], fill=(160, 60, 40))
    floors = 3
    fh = (y1 - y0) / floors
    for f in range(floors):
        fy = y0 + f * fh
        d.rectangle((x0, fy + fh - 10, x1, fy + fh), fill=(214, 170, 70))
        for i in range(16):
            wx = x0 + 20 + i * (x1 - x0 - 40) / 16
            d.rectangle((wx + 8, fy + fh * 0.25, wx + (x1 - x0) / 16 - 8, fy + fh * 0.8), fill=(90, 110, 120))
            d.line((wx + (x1 - x0) / 32, fy + fh * 0.25, wx + (x1 - x0) / 32, fy + fh * 0.8), fill=(240, 230, 210), width=3)
    d.rectangle((w * 0.22, y0 + 6, w * 0.78, y0 + fh * 0.22), fill=(190, 26, 32))
    centered_text(d, w / 2, y0 + 10, banner, w * 0.54, int(fh * 0.16), (250, 226, 70))


def scene_schoolyard(size, rng, opt):
    w, h = size
    img, d = sky_and_ground(size, rng, opt)
    school_building(d, rng, w, h, opt["banner"])
    d.rectangle((0, h * 0.56, w, h), fill=(176, 170, 160))
    for i in range(10):
        d.line((0, h * 0.56 + i * i * 6, w, h * 0.56 + i * i * 6), fill=(166, 160, 150), width=2)
    for x in (0.03, 0.97):
        tree(d, rng, w * x, h * 0.62, 2.2)
    if opt.get("flag"):
        d.line((w * 0.5, h * 0.58, w * 0.5, h * 0.05), fill=(200, 200, 200), width=8)
        d.rectangle((w * 0.5, h * 0.05, w * 0.58, h * 0.105), fill=(218, 30, 36))
        star(d, w * 0.54, h * 0.0775, h * 0.018, (250, 220, 60))
    crowd = opt.get("crowd", 3)
    for r in range(crowd):
        t = r / max(1, crowd - 1)
        y = h * (0.60 + 0.32 * t)
        s = h / 1067 * (0.9 + 1.8 * t)
        step = 62 * s
        x = rng.uniform(0, step)
        while x < w:
            if rng.random() < 0.85:
                if rng.random() < 0.6:
                    person_back(d, rng, x, y, s, shirt=(245, 245, 248))
                else:
                    person_front(d, rng, x, y, s, shirt=(245, 245, 248), scarf=(206, 30, 36))
            x += step
    return img


def scene_group(size, rng, opt):
    """A group photo in front of a banner."""
    w, h = size
    img = gradient(size, (200, 190, 176), (170, 160, 148))
    d = ImageDraw.Draw(img)
    d.rectangle((w * 0.05, h * 0.06, w * 0.95, h * 0.40), fill=(176, 22, 30))
    d.rectangle((w * 0.05, h * 0.06, w * 0.95, h * 0.40), outline=(226, 186, 80), width=6)
    y = h * 0.12
    for i, line in enumerate(opt["banner"]):
        y += centered_text(d, w / 2, y, line, w * 0.84, 64 if i == 0 else 40, (250, 222, 60)) * 1.6
    d.rectangle((0, h * 0.64, w, h), fill=(120, 40, 44))
    students = opt.get("students")
    for r in range(3):
        s = h / 1067 * (3.0 + 0.35 * r) * (0.85 if students and r == 2 else 1)
        y = h * (0.42 + 0.12 * r)
        n = 8 + r
        for k in range(n):
            x = w * (k + 0.5 + (0.25 if r == 1 else 0)) / (n + 0.3)
            if students and r == 2:
                person_front(d, rng, x, y + 20, s * 0.85, shirt=(245, 245, 248), scarf=(206, 30, 36))
                d.rectangle((x - 20 * s * 0.85, y + 40 * s * 0.85, x + 20 * s * 0.85, y + 64 * s * 0.85),
                            fill=jitter(rng, (40, 110, 180), 30))  # a gift of books
            else:
                person_front(d, rng, x, y, s, shirt=rng.choice(SHIRTS[:7]))
    return glow(img, [(w * 0.2, -80, w * 0.8, 60)], radius=90, strength=0.4)


def scene_road(size, rng, opt):
    w, h = size
    img, d = sky_and_ground(size, rng, opt)
    school_building(d, rng, w, h, opt["banner"])
    d.rectangle((0, h * 0.56, w, h * 0.62), fill=(200, 196, 188))  # pavement
    d.rectangle((0, h * 0.62, w, h), fill=(84, 86, 90))  # road
    for i in range(9):  # zebra crossing in perspective
        x = w * (0.30 + i * 0.05)
        d.polygon([(x, h * 0.62), (x + w * 0.03, h * 0.62), (x + w * 0.03 + (x - w * 0.5) * 0.6, h),
                   (x + (x - w * 0.5) * 0.6, h)], fill=(236, 236, 232))
    for x in (0.02, 0.98):
        tree(d, rng, w * x, h * 0.62, 2.0)
    # students on bicycles / motorbikes, with helmets
    for k in range(6):
        x = w * (0.08 + 0.16 * k) + rng.uniform(-30, 30)
        y = h * rng.uniform(0.66, 0.74)
        s = h / 1067 * rng.uniform(2.2, 2.8)
        wheel = 20 * s
        d.ellipse((x - 46 * s, y + 70 * s, x - 46 * s + 2 * wheel, y + 70 * s + 2 * wheel), outline=(20, 20, 20), width=int(4 * s))
        d.ellipse((x + 10 * s, y + 70 * s, x + 10 * s + 2 * wheel, y + 70 * s + 2 * wheel), outline=(20, 20, 20), width=int(4 * s))
        d.rectangle((x - 30 * s, y + 60 * s, x + 36 * s, y + 80 * s), fill=jitter(rng, rng.choice([(180, 30, 30), (30, 60, 140), (60, 60, 60)]), 20))
        person_front(d, rng, x, y, s, shirt=(245, 245, 248), scarf=(206, 30, 36) if k % 2 else None,
                     helmet=rng.choice([(230, 200, 40), (30, 90, 180), (220, 60, 60), (245, 245, 245)]))
    # traffic sign
    d.line((w * 0.92, h * 0.6, w * 0.92, h * 0.32), fill=(150, 150, 150), width=10)
    d.ellipse((w * 0.89, h * 0.26, w * 0.95, h * 0.35), fill=(30, 80, 180), outline=(250, 250, 250), width=6)
    return img


SCENES = {"hall": scene_hall, "speaker": scene_speaker, "online": scene_online, "classroom": scene_classroom,
          "library": scene_library, "exhibition": scene_exhibition, "schoolyard": scene_schoolyard,
          "group": scene_group, "road": scene_road}


# ---------------------------------------------------------------- camera look

def photographic(img: Image.Image, rng: random.Random, warm: float) -> Image.Image:
    """Soften edges, add sensor grain, a vignette and a slight colour cast."""
    w, h = img.size
    img = img.filter(ImageFilter.GaussianBlur(0.9))
    # uneven light: a coarse random field, smoothly enlarged, brightens and darkens areas
    field = Image.frombytes("L", (6, 4), bytes(rng.randint(70, 185) for _ in range(24)))
    field = field.resize((w, h), Image.BICUBIC).filter(ImageFilter.GaussianBlur(80))
    img = Image.blend(img, ImageChops.soft_light(img, Image.merge("RGB", (field, field, field))), 0.6)
    noise = Image.frombytes("L", (w, h), rng.randbytes(w * h)).filter(ImageFilter.GaussianBlur(0.6))
    grain = Image.merge("RGB", (noise, noise, noise))
    img = Image.blend(img, ImageChops.overlay(img, grain), 0.22)
    vignette = Image.radial_gradient("L").resize((w, h)).point(lambda v: max(0, v - 90) * 255 // 165)
    img = Image.composite(Image.new("RGB", (w, h), (10, 8, 6)), img, vignette.point(lambda v: v * 0.55))
    r, g, b = img.split()
    r = r.point(lambda v: min(255, int(v * (1 + 0.04 * warm))))
    b = b.point(lambda v: min(255, int(v * (1 - 0.04 * warm))))
    return Image.merge("RGB", (r, g, b))


def make_photo(rel: str, scene: str, size, opt) -> Image.Image:
    rng = seed_for(rel)
    img = SCENES[scene](size, rng, opt)
    return photographic(img, rng, warm=rng.uniform(-0.5, 1.0))


def make_logo() -> Image.Image:
    """256x256 logo: a blue disc, an open book, a star; transparent corners."""
    size = 1024  # draw large, then downsample for smooth edges
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.ellipse((16, 16, size - 16, size - 16), fill=(214, 170, 60, 255))
    d.ellipse((56, 56, size - 56, size - 56), fill=(18, 70, 150, 255))
    # open book
    d.polygon([(200, 560), (500, 620), (500, 800), (200, 740)], fill=(250, 250, 250, 255))
    d.polygon([(824, 560), (524, 620), (524, 800), (824, 740)], fill=(250, 250, 250, 255))
    for i in range(4):
        d.line((240, 600 + i * 40, 470, 646 + i * 40), fill=(150, 170, 200, 255), width=10)
        d.line((784, 600 + i * 40, 554, 646 + i * 40), fill=(150, 170, 200, 255), width=10)
    star(d, 512, 380, 150, (250, 214, 60, 255))
    f = font(76)
    for text, y in (("SO GD&DT", 180), ("QUANG NINH", 830)):
        w = d.textlength(text, font=f)
        d.text(((size - w) / 2, y), text, font=f, fill=(255, 255, 255, 255))
    return img.resize((256, 256), Image.LANCZOS)


def make_plan_pdf() -> bytes:
    """A one-page PDF standing in for Kế hoạch số 2675/KH-BCĐ (ASCII text, Helvetica)."""
    lines = [
        (14, "UBND TINH QUANG NINH - BAN CHI DAO XAY DUNG XA HOI HOC TAP"),
        (12, "So: 2675/KH-BCD                     Quang Ninh, ngay 22 thang 9 nam 2021"),
        (16, "KE HOACH"),
        (12, "To chuc Tuan le huong ung hoc tap suot doi nam 2021"),
        (11, "Chu de: Chuyen doi so va co hoi hoc tap suot doi cho tat ca moi nguoi"),
        (11, "trong boi canh dai dich COVID-19."),
        (11, "Thoi gian: tu ngay 01/10/2021 den ngay 07/10/2021."),
        (11, "20 hoat dong trong diem cap tinh; 13 diem cau cac huyen, thi xa, thanh pho."),
        (9, "(Ban mo phong dung cho trang web vi du cua Loa.)"),
    ]
    ops = ["BT"]
    y = 790
    for size, text in lines:
        safe = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"/F1 {size} Tf 1 0 0 1 56 {y} Tm ({safe}) Tj")
        y -= round(size * 2.2)
    ops.append("ET")
    stream = "\n".join(ops).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n".encode()
    out += b"0000000000 65535 f \n"
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="generate only media paths containing this text")
    args = parser.parse_args(argv)
    total = 0
    for rel, (scene, size, opt) in PHOTOS.items():
        if args.only and args.only not in rel:
            continue
        target = MEDIA / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        make_photo(rel, scene, size, opt).save(target, "JPEG", quality=72, optimize=True, progressive=True)
        total += target.stat().st_size
        print(f"{target.stat().st_size // 1024:4d} KB  {rel}")
    if not args.only:
        pdf = MEDIA / "ke-hoach-2675.pdf"
        pdf.write_bytes(make_plan_pdf())
        total += pdf.stat().st_size
        print(f"{pdf.stat().st_size // 1024:4d} KB  ke-hoach-2675.pdf")
    print(f"total {total / 1024 / 1024:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
