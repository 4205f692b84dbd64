"""resolve.py: cross-file checks and the collections every page draws on."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from conftest import EXAMPLE_NOW, MINIMAL_CONFIG, article

from generator.build_cache import Store
from generator.config import load_config
from generator.errors import Report
from generator.load import load_content
from generator.pipeline import render_bodies
from generator.model import Article
from generator.resolve import RELATED_ITEMS, related_all, resolve_site, today_in

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def resolve(site, now=EXAMPLE_NOW):
    report = Report()
    config = load_config(site, report)
    content = load_content(config, report, now)
    bodies = render_bodies(config, content, report)
    return resolve_site(config, content, bodies, now, report), report


def errors(report: Report) -> list[tuple]:
    return [(p.path, p.line, p.code, dict(p.args)) for p in report.errors]


def campaign(activities: str = "", name: str = "C") -> str:
    return f"title: {name}\nstart: 2021-10-01\nend: 2021-10-07\nactivities:\n{activities}" if activities else \
        f"title: {name}\nstart: 2021-10-01\nend: 2021-10-07\n"


def test_two_articles_at_one_url_name_both_files(make_site):
    site = make_site({"content/articles/2021/khai-mac.md": article("A"),
                      "content/articles/2022/khai-mac.md": article("B"),
                      "content/articles/khac.md": article("C", slug="khai-mac")})
    _, report = resolve(site)
    assert errors(report) == [
        ("content/articles/2022/khai-mac.md", None, "duplicate_article",
         {"url": "articles/khai-mac.html", "other": "content/articles/2021/khai-mac.md"}),
        ("content/articles/khac.md", 4, "duplicate_article",
         {"url": "articles/khai-mac.html", "other": "content/articles/2021/khai-mac.md"}),
    ]


def test_a_draft_with_a_published_articles_slug_is_reported_now(make_site):
    site = make_site({"content/articles/a.md": article("A"),
                      "content/articles/b.md": article("B", slug="a", draft="true")})
    _, report = resolve(site)
    assert [p.code for p in report.errors] == ["duplicate_article"]


def test_two_pages_at_one_url(make_site):
    site = make_site({"content/pages/gioi-thieu.md": "---\ntitle: A\n---\n",
                      "content/pages/Giới thiệu.md": "---\ntitle: B\n---\n"})
    _, report = resolve(site)
    ((path, _, code, args),) = errors(report)
    assert code == "duplicate_page" and args["url"] == "pages/gioi-thieu.html"
    assert {path, args["other"]} == {"content/pages/gioi-thieu.md", "content/pages/Giới thiệu.md"}


def test_an_article_and_a_page_may_share_a_slug(make_site):
    site = make_site({"content/articles/gioi-thieu.md": article(), "content/pages/gioi-thieu.md": "---\ntitle: A\n---\n"})
    assert resolve(site)[1].errors == []


def test_unknown_campaign_id_lists_the_known_ones(make_site):
    site = make_site({"content/articles/a.md": article(campaign="tuan-le-2020"),
                      "content/articles/b.md": article(campaign="tuan-le-2021", draft="true"),
                      "content/campaigns/tuan-le-2021.yaml": campaign()})
    _, report = resolve(site)
    assert errors(report) == [("content/articles/a.md", 4, "unknown_campaign",
                               {"value": "tuan-le-2020", "known": "tuan-le-2021"})]


def test_reports_link_activities_to_articles(make_site):
    site = make_site({
        "content/articles/khai-mac.md": article("Khai mạc"),
        "content/articles/sap-toi.md": article("Sắp tới", date="2030-01-01 08:00"),
        "content/campaigns/c.yaml": campaign("  - {date: 2021-10-01, title: Khai mạc, report: khai-mac}\n"
                                             "  - {date: 2021-10-02, title: Sắp, report: sap-toi}\n"
                                             "  - {date: 2021-10-03, title: Sai, report: khong-co}\n"
                                             "  - {date: 2021-10-04, title: Tiếp, report: khai-mac}\n"),
    })
    resolved, report = resolve(site)
    assert errors(report) == [("content/campaigns/c.yaml", 7, "unknown_report", {"value": "khong-co"})]
    # one article may report on several activities, in schedule order
    assert [item.activity.title for item in resolved.reports["khai-mac"]] == ["Khai mạc", "Tiếp"]
    assert "sap-toi" not in resolved.reports


def test_menu_targets_must_exist(make_site):
    config = MINIMAL_CONFIG + ("  - {title: A, category: Tin tức}\n  - {title: B, page: gioi-thieu}\n"
                               "  - {title: C, campaign: tuan-le}\n  - {title: D, category: Giáo dục}\n")
    site = make_site({"content/articles/a.md": article(category="Giáo dục")}, config=config)
    _, report = resolve(site)
    assert [(p.line, p.code, dict(p.args)) for p in report.errors] == [
        (5, "menu_unknown_category", {"value": "Tin tức", "known": "giao-duc"}),
        (6, "menu_unknown_page", {"value": "gioi-thieu", "known": "-"}),
        (7, "menu_unknown_campaign", {"value": "tuan-le", "known": "-"}),
    ]


def test_collections(make_site):
    site = make_site({
        "content/articles/a.md": article("A", "2021-09-30 10:00", category="Giáo dục", tags="[Số, học tập]", hot="true"),
        "content/articles/b.md": article("B", "2021-10-01 09:43", category="giáo dục", tags="[số]", featured="true"),
        "content/articles/c.md": article("C", "2022-01-02 08:00", category="Tin tức", hot="true"),
        "content/articles/d.md": article("D", "2021-10-01 09:43"),
    })
    resolved, report = resolve(site)
    assert report.problems == []
    assert [a.slug for a in resolved.articles] == ["c", "d", "b", "a"]  # newest first, then by slug
    assert [(t.slug, t.name, [a.slug for a in t.articles]) for t in resolved.categories] == [
        ("giao-duc", "giáo dục", ["b", "a"]), ("tin-tuc", "Tin tức", ["c"])]
    assert [(t.slug, t.path) for t in resolved.tags] == [("hoc-tap", "tags/hoc-tap/index.html"),
                                                         ("so", "tags/so/index.html")]
    assert [(m.year, m.month, m.path, len(m.articles)) for m in resolved.months] == [
        (2022, 1, "archive/2022/01/index.html", 1), (2021, 10, "archive/2021/10/index.html", 2),
        (2021, 9, "archive/2021/09/index.html", 1)]
    assert [(y.year, y.path, [a.slug for a in y.articles], [m.month for m in y.months]) for y in resolved.years] == [
        (2022, "archive/2022/index.html", ["c"], [1]), (2021, "archive/2021/index.html", ["d", "b", "a"], [10, 9])]
    assert [a.slug for a in resolved.hot] == ["c", "a"]
    assert [a.slug for a in resolved.featured] == ["b"]
    assert resolved.category_of(resolved.articles[2]).slug == "giao-duc"
    assert [t.slug for t in resolved.tags_of(resolved.articles[3])] == ["so", "hoc-tap"]
    # previous = older, next = newer
    assert resolved.previous["d"].slug == "b" and resolved.next["d"].slug == "c"
    assert "c" not in resolved.next and "a" not in resolved.previous


def test_month_of_an_article_is_the_local_month(make_site):
    site = make_site({"content/articles/a.md": article(date="2021-11-01 02:00")})  # 31 October in UTC
    resolved, _ = resolve(site)
    assert [(m.year, m.month) for m in resolved.months] == [(2021, 11)]


def test_related_scores_shared_tags_and_campaign_above_category(make_site):
    site = make_site({
        "content/campaigns/c.yaml": campaign(),
        "content/articles/goc.md": article("Gốc", "2021-10-05 08:00", category="X", tags="[a, b]", campaign="c"),
        "content/articles/hai-tag.md": article("2 tag", "2021-10-01 08:00", tags="[a, b]"),
        "content/articles/mot-tag.md": article("1 tag", "2021-10-02 08:00", tags="[a]"),
        "content/articles/chien-dich.md": article("CD", "2021-10-03 08:00", campaign="c"),
        "content/articles/chuyen-muc.md": article("CM", "2021-10-04 08:00", category="X"),
        "content/articles/khong.md": article("Không", "2021-10-06 08:00"),
    })
    resolved, _ = resolve(site)
    # two tags (4 points), campaign (2, newer), one tag (2), category (1)
    assert [a.slug for a in resolved.related["goc"]] == ["hai-tag", "chien-dich", "mot-tag", "chuyen-muc"]
    assert resolved.related["khong"] == ()



def related_as_first_written(articles: tuple[Article, ...]) -> dict[str, tuple[Article, ...]]:
    """related_all before it ranked with ints: the reference the faster one must match exactly."""
    by_tag, by_campaign, by_category = defaultdict(list), defaultdict(list), defaultdict(list)
    for a in articles:
        for tag in a.tags:
            by_tag[tag].append(a)
        if a.campaign:
            by_campaign[a.campaign].append(a)
        if a.category:
            by_category[a.category].append(a)
    keep, related = RELATED_ITEMS + 1, {}
    for a in articles:
        candidates = {o.slug: o for tag in a.tags for o in by_tag[tag]}
        same_campaign = by_campaign.get(a.campaign or "", [])
        same_category = by_category.get(a.category or "", [])
        both = [o for o in same_campaign if o.category == a.category and a.category][:keep]
        for group in (same_campaign[:keep], same_category[:keep], both):
            candidates.update((o.slug, o) for o in group)
        candidates.pop(a.slug, None)
        tags = set(a.tags)

        def score(other: Article) -> int:
            return (2 * len(tags & set(other.tags)) + 2 * (a.campaign is not None and other.campaign == a.campaign)
                    + (a.category is not None and other.category == a.category))

        ranked = sorted(((score(o), o) for o in candidates.values()),
                        key=lambda p: (-p[0], -p[1].date.timestamp(), p[1].slug))
        related[a.slug] = tuple(o for points, o in ranked if points > 0)[:RELATED_ITEMS]
    return related


def random_articles(rng: random.Random, count: int) -> tuple[Article, ...]:
    """Articles that tie often: few dates (one instant in two time zones), tags repeated, "" and None."""
    start = datetime(2021, 10, 1, 8, tzinfo=HCM)
    articles = []
    for n in range(count):
        moment = start + timedelta(hours=rng.randrange(12))
        if rng.random() < 0.3:
            moment = moment.astimezone(timezone.utc)  # the same instant, another offset
        articles.append(Article(
            source=f"content/articles/a{n}.md", slug=f"{rng.choice('abc')}{n}", title="T", date=moment,
            body="", body_line=1, category=rng.choice([None, "", "X", "Y", "Z"]),
            tags=tuple(rng.choice("pqrstuvw") for _ in range(rng.randrange(5))),
            campaign=rng.choice([None, None, "", "c1", "c2"])))
    return tuple(sorted(articles, key=lambda a: (a.date, a.slug), reverse=True))  # as resolve_site sorts them


def test_related_ranks_as_first_written_with_every_kind_of_tie():
    rng = random.Random(5)
    for count in (1, 2, 7, 40, 200):
        articles = random_articles(rng, count)
        expected = related_as_first_written(articles)
        assert related_all(articles) == expected
    assert sum(map(len, expected.values())) > 3 * len(expected)  # the last site had plenty to rank


def test_related_rankings_are_reused_only_while_what_they_rank_by_is_unchanged():
    rng = random.Random(9)
    articles = random_articles(rng, 60)
    rankings = Store({})
    first = related_all(articles, rankings)
    assert first == related_as_first_written(articles) and rankings.changed
    retitled = tuple(replace(a, title="Khác", body="x") for a in articles)  # what ranking does not read
    again = Store(rankings.current)
    assert related_all(retitled, again) == related_as_first_written(retitled)
    assert not again.changed  # the kept ranking served: nothing to write back
    for change in (dict(tags=("p", "q", "r")), dict(campaign="c9"), dict(category="W"),
                   dict(date=articles[-1].date - timedelta(days=1))):
        edited = tuple(sorted((replace(articles[3], **change), *articles[:3], *articles[4:]),
                              key=lambda a: (a.date, a.slug), reverse=True))
        store = Store(rankings.current)
        assert related_all(edited, store) == related_as_first_written(edited), change
        assert store.changed, change


def test_related_shares_count_each_tag_once():
    moment = datetime(2021, 10, 1, 8, tzinfo=HCM)
    make = lambda slug, tags, hours: Article(f"{slug}.md", slug, slug, moment + timedelta(hours=hours), "", 1,
                                              tags=tags)
    articles = (make("goc", ("a", "a", "b"), 3), make("lap", ("a", "a"), 2), make("hai", ("a", "b"), 1))
    assert [a.slug for a in related_all(articles)["goc"]] == ["hai", "lap"]  # 4 points, then 2
    assert [a.slug for a in related_all(articles)["lap"]] == ["goc", "hai"]  # 2 each: the newer first

def test_schedule_and_upcoming_from_today_where_the_site_is(make_site):
    site = make_site({
        "content/campaigns/b.yaml": campaign("  - {date: 2030-01-02, title: Sau}\n"
                                             "  - {date: 2030-01-01, time: '14:00', title: Chiều}\n", "B"),
        "content/campaigns/a.yaml": campaign("  - {date: 2030-01-01, title: Cả ngày}\n"
                                             "  - {date: 2029-12-31, time: '09:00', title: Hôm qua}\n"
                                             "  - {date: 2030-01-01, time: '08:00', title: Sáng}\n", "A"),
    })
    now = datetime(2029, 12, 31, 17, 30, tzinfo=ZoneInfo("UTC"))  # already 1 January in Hanoi
    resolved, _ = resolve(site, now=now)
    assert today_in(resolved.config, now) == date(2030, 1, 1)
    assert [s.activity.title for s in resolved.schedule] == ["Hôm qua", "Cả ngày", "Sáng", "Chiều", "Sau"]
    assert [s.activity.title for s in resolved.upcoming] == ["Cả ngày", "Sáng", "Chiều", "Sau"]
    assert resolved.upcoming[0].campaign.id == "a"


def test_menu_category_of_a_scheduled_article_is_no_error(make_site, build_site):
    config = MINIMAL_CONFIG + "  - {title: Thông báo, category: Thông báo}\n"
    site = make_site({"content/articles/a.md": article(),
                      "content/articles/b.md": article("B", date="2027-01-01 08:00", category="Thông báo")},
                     config=config)
    assert resolve(site)[1].errors == []
    menu = (build_site(site) / "index.html").read_text(encoding="utf-8")
    assert "Thông báo" not in menu  # no page yet, so no link; it appears with the article
    later = build_site(site, now=datetime(2027, 1, 2, tzinfo=HCM))
    assert 'href="categories/thong-bao/index.html">Thông báo</a>' in (later / "index.html").read_text(encoding="utf-8")
