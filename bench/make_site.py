"""Generate a realistic Loa site of any size, deterministically, for benchmarks and tests.

    python bench/make_site.py OUT --articles 10000 [--seed 1] [--images] [--campaigns 12]

Or from Python: `make_site(Path("out"), articles=1000)`. The same arguments always give the
same bytes. Text is Vietnamese with diacritics: domain phrases of an education department's
news mixed with a Zipf-distributed lexicon of two-syllable words, place and person names,
numbers and dates, so that the vocabulary grows with the site as real news does.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

SYLLABLES = """
an anh ba bà bác bài ban bản bạn bảo bắc bằng bậc bên bình bộ bổ bồi cả các cách cải cán cao cấp cầu
chào chất chỉ chí chiến chính cho chọn chủ chung chúng chuyên chuyển chương có con công cơ cở cuộc cùng
cụ cư cứu dạy dân dẫn dẻo di diễn dịch doanh dụng dục dung dự dựng đã đại đạo đào đặc đến đề để đi
điểm điện định đoàn đọc đối đổi đông đồng đời đơn đúng đưa được đường gia giá giải giám giảng giao
giáo giới gương hạ hai hàng hành hạnh hiện hiệu hình họ học hỏi hội hơn hợp huy huyện hướng hưởng
khai khám khảo khẩu khen khi khó khoa khóa khởi không khu khuyến kế kết kiến kiểm kinh kỹ lãnh
làm lao lập lễ lên liên lịch lòng long lớp lực lượng luật lưu mạng mầm mẫu miền minh mô mới một
mục năm nâng nền nghề nghiệp nghị nghĩa ngoại ngũ người nguồn nhà nhận nhân nhất nhiều nhiệm như
nông nội nước phát phần phẩm phong phòng phổ phối phụ phục phương quá quan quản quang quảng quả
quốc quy quyết sách sáng sao sát sinh số sở sự sức tác tài tạo tăng tâm tân tập tế thanh thành
thảo thắng thầy thể thi thiết thiện thiếu thông thống thời thu thuật thực thương thường tiến
tiêu tiếp tiết tin tình tỉnh toàn tổ tốt trang trao trẻ triển trình trò trọng trung trú trực
trưng trường tuần tục tuyên tuyển từ tự tư tương ủy ứng văn vấn vận viên việc viện vùng vững xã
xây xét xuất ý yêu
""".split()

PHRASES = """
học tập suốt đời|xã hội học tập|chuyển đổi số|giáo dục thường xuyên|trung tâm học tập cộng đồng|
Sở Giáo dục và Đào tạo|Ủy ban nhân dân tỉnh|Ban Chỉ đạo|đội ngũ cán bộ quản lý|nâng cao chất lượng|
đổi mới phương pháp dạy học|kỳ thi tốt nghiệp trung học phổ thông|học sinh giỏi cấp tỉnh|
cơ sở vật chất|trường chuẩn quốc gia|an toàn giao thông|phòng chống dịch bệnh|kỹ năng số|
học liệu mở|giáo viên mầm non|chương trình giáo dục phổ thông mới|công tác tuyển sinh|
khuyến học khuyến tài|thư viện thân thiện|xóa mù chữ|phổ cập giáo dục|giáo dục nghề nghiệp|
hướng nghiệp và phân luồng|bồi dưỡng thường xuyên|kiểm định chất lượng|đánh giá ngoài|
hội nghị tổng kết năm học|lễ khai giảng năm học mới|tuần lễ hưởng ứng|điểm cầu trực tuyến|
các huyện, thị xã, thành phố|đồng chí Phó Giám đốc Sở|đồng chí Giám đốc Sở|Phòng Giáo dục và Đào tạo|
ngày hội đọc sách|văn hóa đọc|tư vấn tâm lý học đường|bạo lực học đường|thể dục thể thao|
giáo dục đạo đức, lối sống|kỹ năng sống|ngoại ngữ và tin học|cuộc thi khoa học kỹ thuật|
sáng kiến kinh nghiệm|chính sách hỗ trợ|học bổng|vùng sâu, vùng xa|dân tộc thiểu số|
trường phổ thông dân tộc nội trú|cộng đồng học tập|mô hình gia đình học tập|dòng họ học tập|
đơn vị học tập|công dân học tập|kế hoạch triển khai|nhiệm vụ trọng tâm|giải pháp đột phá
""".replace("\n", "").split("|")

PLACES = ("Hạ Long", "Cẩm Phả", "Uông Bí", "Móng Cái", "Đông Triều", "Quảng Yên", "Vân Đồn", "Cô Tô",
          "Tiên Yên", "Đầm Hà", "Hải Hà", "Bình Liêu", "Ba Chẽ")
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương")
MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Thanh", "Quang", "Ngọc", "Hữu", "Xuân", "Thu")
GIVEN = ("Nhàn", "Hùng", "Lan", "Hòa", "Dũng", "Hương", "Tuấn", "Mai", "Sơn", "Hà", "Nam", "Yến", "Phúc",
         "Thủy", "Long", "Trang", "Khánh", "Đạt")
UNITS = ("Phòng Giáo dục thường xuyên và Giáo dục Mầm non", "Phòng Giáo dục Trung học", "Văn phòng Sở",
         "Phòng Khảo thí và Kiểm định chất lượng", "Phòng Tổ chức cán bộ", "Phòng Kế hoạch - Tài chính")
CATEGORY_NAMES = ("Tin tức - Sự kiện", "Giáo dục thường xuyên", "Giáo dục mầm non", "Giáo dục tiểu học",
                  "Giáo dục trung học", "Khảo thí và kiểm định", "Tổ chức cán bộ", "Kế hoạch - Tài chính",
                  "Chuyển đổi số", "Công tác học sinh", "Thi đua khen thưởng", "Văn bản chỉ đạo",
                  "Giáo dục nghề nghiệp", "Ngoại ngữ", "Thể thao học đường", "Y tế trường học",
                  "Hợp tác quốc tế", "Khuyến học", "Công đoàn ngành", "Đoàn thanh niên")
ACTIVITY_TYPES = ("Lễ khai mạc", "Tọa đàm", "Tập huấn", "Hội thảo", "Triển lãm", "Trưng bày", "Hội thi")
CONNECTORS = ("và", "của", "với", "trong", "cho", "để", "được", "các", "những", "tại", "về", "đã", "sẽ", "là",
              "theo", "nhằm", "cùng")
TAG_COUNT = 300
LEXICON_SIZE = 9000


@dataclass(frozen=True)
class SiteStats:
    root: Path
    articles: int
    campaigns: int
    images: int
    first: datetime
    last: datetime


class _Writer:
    """Deterministic Vietnamese text from one seeded random source."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        words = sorted({f"{a} {b}" for a in SYLLABLES for b in SYLLABLES if a != b})
        self.lexicon = self.rng.sample(words, LEXICON_SIZE)
        self.cumulative = list(itertools.accumulate(1 / (rank + 1) ** 0.9 for rank in range(LEXICON_SIZE)))

    def word(self) -> str:
        return self.rng.choices(self.lexicon, cum_weights=self.cumulative)[0]

    def person(self) -> str:
        return f"{self.rng.choice(SURNAMES)} {self.rng.choice(MIDDLE)} {self.rng.choice(GIVEN)}"

    def phrase(self) -> str:
        roll = self.rng.random()
        if roll < 0.35:
            return self.rng.choice(PHRASES)
        if roll < 0.42:
            return f"{self.rng.choice(('thành phố', 'thị xã', 'huyện'))} {self.rng.choice(PLACES)}"
        if roll < 0.47:
            return f"{self.rng.randint(2, 950)} {self.word()}"
        return " ".join(self.word() for _ in range(self.rng.randint(1, 3)))

    def sentence(self) -> str:
        parts = [self.phrase() for _ in range(self.rng.randint(3, 7))]
        if self.rng.random() < 0.3:
            text = ", ".join(parts)
        else:
            text = parts[0] + "".join(f" {self.rng.choice(CONNECTORS)} {part}" for part in parts[1:])
        return text[0].upper() + text[1:] + "."

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(2, 5)))

    def title(self) -> str:
        parts = [self.rng.choice(PHRASES), self.phrase()]
        if self.rng.random() < 0.4:
            parts.append(f"năm {self.rng.randint(2015, 2025)}")
        text = " ".join(parts)
        return text[0].upper() + text[1:]


def make_site(out: Path, articles: int = 1000, seed: int = 1, images: bool = False,
              campaigns: int | None = None, start: datetime = datetime(2016, 1, 4, 8, 0)) -> SiteStats:
    """Write site.yaml and content/ for a site of `articles` articles into `out` (created if needed)."""
    writer = _Writer(seed)
    rng = writer.rng
    tags = _tags(writer)
    step = max(timedelta(hours=2), timedelta(days=3650) / max(articles, 1))
    dates = [start + step * i + timedelta(minutes=rng.randint(0, 59)) for i in range(articles)]
    count = campaigns if campaigns is not None else min(40, 2 + articles // 250)
    plans = _campaign_plans(writer, dates, count)
    image_count = 0
    reports: dict[str, list[str]] = {}
    for index, moment in enumerate(dates):
        campaign = next((p for p in plans if p["start"] <= moment.date() <= p["end"]), None)
        slug = f"bai-{index + 1:06d}"
        image = None
        if images and rng.random() < 0.5:
            image = f"media/{moment.year}/{slug}.jpg"
            _write_image(out / "content" / image, rng)
            image_count += 1
        text = _article(writer, tags, moment, campaign, image)
        _write(out / "content" / "articles" / str(moment.year) / f"{slug}.md", text)
        if campaign is not None:
            reports.setdefault(campaign["id"], []).append(slug)
    for plan in plans:
        _write(out / "content" / "campaigns" / f"{plan['id']}.yaml",
               _campaign_yaml(writer, plan, reports.get(plan["id"], [])))
    _write(out / "content" / "pages" / "gioi-thieu.md",
           f"---\ntitle: Giới thiệu\n---\n{writer.paragraph()}\n\n{writer.paragraph()}\n")
    _write(out / "content" / "pages" / "lien-he.md",
           f"---\ntitle: Liên hệ\n---\nĐịa chỉ: {writer.paragraph()}\n")
    _write(out / "site.yaml", _site_yaml(plans))
    return SiteStats(out, articles, len(plans), image_count, dates[0] if dates else start,
                     dates[-1] if dates else start)


def _tags(writer: _Writer) -> list[str]:
    names = dict.fromkeys(PHRASES)
    while len(names) < TAG_COUNT:
        names[writer.word()] = None
    return list(names)[:TAG_COUNT]


def _campaign_plans(writer: _Writer, dates: list[datetime], count: int) -> list[dict]:
    if not dates or count <= 0:
        return []
    plans = []
    span = (dates[-1] - dates[0]) / count
    for n in range(count):
        first = (dates[0] + span * n + span / 3).date()
        plans.append({"id": f"chien-dich-{n + 1:02d}", "start": first,
                      "end": first + timedelta(days=writer.rng.randint(6, 30)),
                      "title": f"Tháng hưởng ứng {writer.rng.choice(PHRASES)} {first.year}"})
    return plans


def _article(writer: _Writer, tags: list[str], moment: datetime, campaign: dict | None, image: str | None) -> str:
    rng = writer.rng
    fields = [
        f"title: {_quote(writer.title())}",
        f"date: {moment:%Y-%m-%d %H:%M}",
        f"category: {CATEGORY_NAMES[min(int(rng.paretovariate(1.2)) - 1, len(CATEGORY_NAMES) - 1)]}",
        f"tags: [{', '.join(rng.sample(tags, rng.randint(1, 4)))}]",
        f"author: {writer.person()}",
        f"unit: {rng.choice(UNITS)}",
    ]
    if campaign is not None:
        fields.append(f"campaign: {campaign['id']}")
    if rng.random() < 0.6:
        fields.append(f"summary: {_quote(writer.sentence() + ' ' + writer.sentence())}")
    if image:
        fields.append(f"image: ../../{image}")
    if rng.random() < 0.03:
        fields.append("hot: true")
    if rng.random() < 0.03:
        fields.append("featured: true")
    paragraphs = [writer.paragraph() for _ in range(rng.randint(4, 9))]
    if rng.random() < 0.3:
        paragraphs.insert(2, f"## {writer.title()}")
    body = "\n\n".join(paragraphs)
    return "---\n" + "\n".join(fields) + "\n---\n" + body + f"\n\n{writer.person()} - {rng.choice(UNITS)}\n"


def _campaign_yaml(writer: _Writer, plan: dict, slugs: list[str]) -> str:
    rng = writer.rng
    lines = [f"title: {_quote(plan['title'])}", f"theme: {_quote(writer.sentence())}",
             f"start: {plan['start']}", f"end: {plan['end']}",
             "organizer: Ban Chỉ đạo xây dựng xã hội học tập tỉnh",
             f"summary: {_quote(writer.paragraph())}", "topics:"]
    lines += [f"  - {_quote(writer.title())}" for _ in range(rng.randint(2, 5))]
    lines.append("activities:")
    days = (plan["end"] - plan["start"]).days
    reported = list(slugs)
    for n in range(rng.randint(5, 20)):
        day: date = plan["start"] + timedelta(days=rng.randint(0, days))
        hour = rng.randint(7, 16)
        lines += [f"  - date: {day}", f'    time: "{hour:02d}:00-{hour + 2:02d}:00"' if n % 3 else f'    time: "{hour:02d}:30"',
                  f"    title: {_quote(writer.title())}", f"    type: {rng.choice(ACTIVITY_TYPES)}",
                  f"    locality: {rng.choice(('Thành phố', 'Huyện'))} {rng.choice(PLACES)}",
                  f"    location: {_quote('Hội trường ' + writer.word())}",
                  f"    unit: {rng.choice(UNITS)}"]
        if n % 4 == 0:
            lines.append("    key: true")
        if n % 5 == 0:
            lines.append("    online: true")
        if reported and n % 2 == 0:
            lines.append(f"    report: {reported.pop(0)}")
    return "\n".join(lines) + "\n"


def _site_yaml(plans: list[dict]) -> str:
    menu = ["  - {title: Trang chủ, home: true}",
            f"  - {{title: {CATEGORY_NAMES[0]}, category: {CATEGORY_NAMES[0]}}}",
            f"  - {{title: {CATEGORY_NAMES[1]}, category: {CATEGORY_NAMES[1]}}}"]
    if plans:
        menu.append(f"  - {{title: Chiến dịch, campaign: {plans[-1]['id']}}}")
    menu += ["  - {title: Giới thiệu, page: gioi-thieu}", "  - {title: Cổng Dịch vụ công, url: https://dichvucong.gov.vn}"]
    return ("title: Sở Giáo dục và Đào tạo (trang thử tải)\n"
            "description: Trang tin tức sinh tự động để đo hiệu năng của Loa.\n"
            "base_url: https://example.org/tin-tuc/\nlanguage: vi\ntimezone: Asia/Ho_Chi_Minh\nper_page: 10\n"
            "menu:\n" + "\n".join(menu) + "\n"
            "links:\n  - {title: Bộ Giáo dục và Đào tạo, url: https://moet.gov.vn}\n")


def _write_image(path: Path, rng: random.Random) -> None:
    from PIL import Image, ImageDraw

    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", (640, 427), tuple(rng.randint(40, 220) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        box = sorted(rng.randint(0, 640) for _ in range(2)), sorted(rng.randint(0, 427) for _ in range(2))
        draw.rectangle((box[0][0], box[1][0], box[0][1], box[1][1]), fill=tuple(rng.randint(0, 255) for _ in range(3)))
    image.save(path, "JPEG", quality=70)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write the site into (site.yaml and content/)")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--campaigns", type=int, default=None, help="default: 2 + articles/250, at most 40")
    parser.add_argument("--images", action="store_true", help="give half the articles a generated cover photo")
    args = parser.parse_args(argv)
    if (args.out / "content").exists():
        print(f"{args.out / 'content'} exists: choose an empty folder", file=sys.stderr)
        return 2
    stats = make_site(args.out, args.articles, args.seed, args.images, args.campaigns)
    print(f"{stats.articles} articles, {stats.campaigns} campaigns, {stats.images} images, "
          f"{stats.first:%Y-%m-%d} to {stats.last:%Y-%m-%d}: {stats.root}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
