"""A site whose every text field an editor can fill holds script-injection payloads."""

from __future__ import annotations

import io
from pathlib import Path

import yaml

PAYLOADS = (
    "</script><script>alert(1)</script>",
    '" onmouseover="alert(1)',
    "<img src=x onerror=alert(1)>",
    "'-alert(1)-'",
    "\"; alert(1); //",
    "</title></textarea></style><svg onload=alert(1)>",
    "]]><script>alert(1)</script>",
)
PAYLOAD_TEXT = " | ".join(PAYLOADS)  # one value holding every payload
MEDIA_NAME = 'anh" onerror="alert(1).jpg'


def _jpeg() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


def _dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def write_hostile_site(root: Path, raw_html: bool = False) -> Path:
    """Every field of site.yaml, articles, pages and campaigns carries the payloads."""
    payloads = list(PAYLOADS)
    config = {
        "title": PAYLOAD_TEXT,
        "description": PAYLOAD_TEXT,
        "base_url": "https://example.org/tin-tuc/",
        "menu": [
            {"title": PAYLOAD_TEXT, "home": True},
            {"title": payloads[0], "category": payloads[0]},
            {"title": payloads[1], "campaign": "chien-dich"},
            {"title": payloads[2], "page": "gioi-thieu"},
            {"title": payloads[3], "url": 'https://example.org/?q="><script>alert(1)</script>&x=\'y\''},
        ],
        "links": [{"title": p, "url": f"https://example.org/{i}?q=\"'><script>alert(1)</script>"}
                  for i, p in enumerate(payloads)],
        "markdown": {"raw_html": raw_html},
    }
    (root / "content/articles").mkdir(parents=True)
    (root / "content/pages").mkdir(parents=True)
    (root / "content/campaigns").mkdir(parents=True)
    (root / "content/media").mkdir(parents=True)
    (root / "site.yaml").write_text(_dump(config), encoding="utf-8")
    (root / "content/media" / MEDIA_NAME).write_bytes(_jpeg())
    (root / "content/media/ke-hoach.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    media_url = MEDIA_NAME.replace(" ", "%20").replace('"', "%22")
    image_title = payloads[1].replace('"', "&quot;")
    body = "\n\n".join([
        *payloads,
        f"**{payloads[0]}** *{payloads[1]}* `{payloads[2]}`",
        f'![{payloads[1]}](../media/{media_url} "{image_title}")',
        f"[{payloads[2]}](https://example.org/?q={payloads[1].replace(' ', '%20')})",
        f"| {payloads[0]} | b |\n|---|---|\n| {payloads[2]} | c |",
    ])
    for number, payload in enumerate(payloads, start=1):
        front = {
            "title": f"{payload} {number}",
            "date": f"2021-10-{number:02d} 09:43",
            "category": payloads[(number + 1) % len(payloads)] if number > 1 else payloads[0],
            "tags": [payloads[number % len(payloads)], payloads[(number + 2) % len(payloads)]],
            "campaign": "chien-dich",
            "author": payload,
            "unit": PAYLOAD_TEXT,
            "hot": True,
            "featured": True,
            "image": f"../media/{MEDIA_NAME}",
            "gallery": [{"src": f"../media/{MEDIA_NAME}", "caption": p} for p in payloads[:3]],
        }
        if number % 2:
            front["summary"] = PAYLOAD_TEXT
        (root / f"content/articles/bai-{number}.md").write_text(f"---\n{_dump(front)}---\n{body}\n", encoding="utf-8")
    page = {"title": PAYLOAD_TEXT, "summary": PAYLOAD_TEXT}
    (root / "content/pages/gioi-thieu.md").write_text(f"---\n{_dump(page)}---\n{body}\n", encoding="utf-8")
    campaign = {
        "title": PAYLOAD_TEXT, "theme": PAYLOAD_TEXT, "start": "2021-10-01", "end": "2026-12-31",
        "organizer": PAYLOAD_TEXT, "summary": body, "topics": payloads,
        "plan": {"number": PAYLOAD_TEXT, "date": "2021-09-22", "file": "../media/ke-hoach.pdf"},
        "image": f"../media/{MEDIA_NAME}",
        "activities": [
            {"date": f"2026-12-{day:02d}", "time": "09:00-11:00", "title": payload, "type": payload, "key": True,
             "location": payload, "locality": payload, "unit": payload, "online": True,
             "description": PAYLOAD_TEXT, "report": "bai-1"}
            for day, payload in enumerate(payloads, start=1)
        ],
    }
    (root / "content/campaigns/chien-dich.yaml").write_text(_dump(campaign), encoding="utf-8")
    return root
