"""Calendar files: parsed with the `icalendar` library and matched to the YAML, event for event."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st
import yaml
from conftest import REPO, article

SITE_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
BASE_URL = "https://example.org/tin-tuc/"  # the example site's base_url


def events_of(path: Path) -> list:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return list(calendar.walk("VEVENT"))


def yaml_activities(campaign_file: Path) -> list[dict]:
    """The activities exactly as the editor wrote them (every value a string)."""
    return yaml.load(campaign_file.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["activities"]


def expected_times(activity: dict):
    """(start, end) as an editor means them: local times in the site's zone, or a whole day."""
    day = date.fromisoformat(activity["date"])
    if "time" not in activity:
        return day, day + timedelta(days=1)
    parts = [time.fromisoformat(p.strip().zfill(5)) for p in activity["time"].split("-")]
    start = datetime.combine(day, parts[0], tzinfo=SITE_TZ)
    end = datetime.combine(day, parts[1], tzinfo=SITE_TZ) if len(parts) == 2 else None
    return start, end


def campaign_files():
    return sorted((REPO / "content/campaigns").glob("*.yaml"))


@pytest.mark.parametrize("campaign_file", campaign_files(), ids=lambda p: p.stem)
def test_each_campaign_calendar_matches_its_yaml_event_for_event(example_public, campaign_file):
    campaign_id = campaign_file.stem
    events = events_of(example_public / f"campaigns/{campaign_id}/{campaign_id}.ics")
    activities = yaml_activities(campaign_file)
    assert len(events) == len(activities) > 0
    page = (example_public / f"campaigns/{campaign_id}/index.html").read_text(encoding="utf-8")
    unmatched = list(events)
    for activity in activities:
        start, end = expected_times(activity)
        place = ", ".join(activity[k] for k in ("location", "locality") if k in activity)
        matches = [e for e in unmatched if str(e["summary"]) == activity["title"] and e["dtstart"].dt == start
                   and str(e.get("location", "")) in (place, "Trực tuyến")]
        assert len(matches) == 1, activity
        event = matches[0]
        unmatched.remove(event)
        if isinstance(start, datetime):
            assert event["dtstart"].params["TZID"] == "Asia/Ho_Chi_Minh"
            assert event["dtstart"].dt.utcoffset() == timedelta(hours=7)
            assert (event["dtend"].dt if "dtend" in event else None) == end
        else:  # an activity without a time is an all-day event
            assert type(event["dtstart"].dt) is date and event["dtend"].dt == end
        if place:
            assert str(event["location"]) == place
        url = str(event["url"])
        assert url.startswith(f"{BASE_URL}campaigns/{campaign_id}/index.html#a-")
        assert f'id="{url.split("#")[1]}"' in page  # the URL leads to the activity's row
        description = str(event["description"])
        assert url in description
        if activity.get("type"):
            assert [str(c) for c in event["categories"].cats] == [activity["type"]]
        if activity.get("report"):
            assert f"{BASE_URL}articles/{activity['report']}.html" in description
    assert unmatched == []
    uids = [str(e["uid"]) for e in events]
    assert len(set(uids)) == len(uids)
    assert all(re.fullmatch(rf"{campaign_id}-[0-9a-f]{{12}}@example\.org", uid) for uid in uids)


def test_the_site_calendar_holds_every_event_with_the_same_uids(example_public):
    everything = {str(e["uid"]): e for e in events_of(example_public / "calendar/calendar.ics")}
    per_campaign = {}
    for campaign_file in campaign_files():
        path = example_public / f"campaigns/{campaign_file.stem}/{campaign_file.stem}.ics"
        per_campaign.update({str(e["uid"]): e for e in events_of(path)})
    assert everything.keys() == per_campaign.keys()
    for uid, event in everything.items():
        assert event["dtstart"].dt == per_campaign[uid]["dtstart"].dt


def test_the_calendar_is_valid_for_importers(example_public):
    raw = (example_public / "calendar/calendar.ics").read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded at 75 octets
    calendar = icalendar.Calendar.from_ical(raw)
    assert str(calendar["method"]) == "PUBLISH" and str(calendar["x-wr-timezone"]) == "Asia/Ho_Chi_Minh"
    zones = list(calendar.walk("VTIMEZONE"))
    assert [str(z["tzid"]) for z in zones] == ["Asia/Ho_Chi_Minh"]
    assert zones[0].walk("STANDARD")[-1]["tzoffsetto"].td == timedelta(hours=7)
    for event in calendar.walk("VEVENT"):
        assert event["dtstamp"].dt.tzinfo is not None and event["dtstamp"].dt.utcoffset() == timedelta(0)
        assert {"uid", "dtstamp", "dtstart", "summary"} <= {k.lower() for k in event.keys()}


# ---------------------------------------------------------------- UIDs that survive edits

CAMPAIGN = """\
title: Tuần lễ
start: 2021-10-01
end: 2021-10-07
activities:
{activities}"""

OPENING = "  - {date: 2021-10-01, time: \"09:00-11:00\", title: Lễ khai mạc, locality: Hạ Long}\n"
TALK = "  - {date: 2021-10-03, time: \"14:00\", title: Tọa đàm, locality: Hạ Long}\n"
TALK_MOVED = "  - {date: 2021-10-04, time: \"08:00\", title: Tọa đàm, locality: Hạ Long}\n"
NEW = "  - {date: 2021-10-02, title: Triển lãm, locality: Cô Tô}\n"
DAILY = ("  - {date: 2021-10-05, time: \"08:00\", title: Trưng bày, locality: Cô Tô}\n"
         "  - {date: 2021-10-06, time: \"08:00\", title: Trưng bày, locality: Cô Tô}\n"
         "  - {date: 2021-10-06, time: \"14:00\", title: Trưng bày, locality: Cô Tô}\n")


def uids(make_site, build_site, activities: str) -> dict[str, str]:
    site = make_site({"content/campaigns/tuan-le.yaml": CAMPAIGN.format(activities=activities)})
    out = build_site(site)
    events = events_of(out / "campaigns/tuan-le/tuan-le.ics")
    return {f"{e['summary']} {e['dtstart'].dt.isoformat()}": str(e["uid"]) for e in events}


def test_uids_are_stable_across_builds(make_site, build_site):
    assert uids(make_site, build_site, OPENING + TALK) == uids(make_site, build_site, OPENING + TALK)


def test_uids_survive_inserting_activities_and_moving_one(make_site, build_site):
    before = uids(make_site, build_site, OPENING + TALK)
    after = uids(make_site, build_site, NEW + TALK_MOVED + OPENING)
    assert after["Lễ khai mạc 2021-10-01T09:00:00+07:00"] == before["Lễ khai mạc 2021-10-01T09:00:00+07:00"]
    # rescheduled: calendar apps move the event instead of keeping the old one beside a new one
    assert after["Tọa đàm 2021-10-04T08:00:00+07:00"] == before["Tọa đàm 2021-10-03T14:00:00+07:00"]
    assert len(set(after.values())) == 3


def test_repeated_titles_get_distinct_uids(make_site, build_site):
    found = uids(make_site, build_site, OPENING + DAILY)
    assert len(set(found.values())) == 4


def test_times_are_the_sites_local_times(make_site, build_site):
    site = make_site({"content/campaigns/tuan-le.yaml": CAMPAIGN.format(activities=OPENING + NEW)})
    out = build_site(site)
    raw = (out / "campaigns/tuan-le/tuan-le.ics").read_bytes().decode("utf-8")
    assert "DTSTART;TZID=Asia/Ho_Chi_Minh:20211001T090000\r\n" in raw
    assert "DTEND;TZID=Asia/Ho_Chi_Minh:20211001T110000\r\n" in raw
    assert "DTSTART;VALUE=DATE:20211002\r\nDTEND;VALUE=DATE:20211003\r\n" in raw
    opening = next(e for e in events_of(out / "campaigns/tuan-le/tuan-le.ics") if e["summary"] == "Lễ khai mạc")
    assert opening["dtstart"].dt.astimezone(timezone.utc) == datetime(2021, 10, 1, 2, 0, tzinfo=timezone.utc)


def test_an_online_activity_without_a_place_and_its_report(make_site, build_site):
    activities = "  - {date: 2021-10-01, title: Hội thảo, online: true, key: true, unit: Sở GD, report: hoi-thao}\n"
    site = make_site({"content/campaigns/tuan-le.yaml": CAMPAIGN.format(activities=activities),
                      "content/articles/hoi-thao.md": article("Hội thảo", "2021-10-01 15:00")})
    event = events_of(build_site(site) / "campaigns/tuan-le/tuan-le.ics")[0]
    assert str(event["location"]) == "Trực tuyến"
    assert str(event["description"]).split("\n") == [
        "Tuần lễ", "Hoạt động trọng tâm", "Đơn vị: Sở GD", "Trực tuyến",
        "Xem bài đưa tin: https://example.org/news/articles/hoi-thao.html",
        str(event["url"])]


def test_two_builds_write_identical_calendar_files(make_site, build_site, tmp_path):
    site = make_site({"content/campaigns/tuan-le.yaml": CAMPAIGN.format(activities=OPENING + TALK + NEW)})
    first = build_site(site)
    saved = {p: (first / p).read_bytes() for p in ("campaigns/tuan-le/tuan-le.ics", "calendar/calendar.ics",
                                                   "calendar/upcoming.js", "campaigns/tuan-le/index.html")}
    second = build_site(site)
    assert {p: (second / p).read_bytes() for p in saved} == saved


def test_dtstamp_comes_from_the_data_not_the_clock(make_site, build_site):
    """The plan's date (else the start) at midnight on site time, or a later report's date: a new clock changes nothing."""
    planned = CAMPAIGN.replace("end: 2021-10-07\n", "end: 2021-10-07\nplan: {{number: 12/KH, date: 2021-09-20}}\n")
    activities = OPENING + "  - {date: 2021-10-02, title: Hội thảo, report: hoi-thao}\n"
    site = make_site({"content/campaigns/tuan-le.yaml": planned.format(activities=activities),
                      "content/campaigns/khac.yaml": CAMPAIGN.replace("Tuần lễ", "Khác").format(activities=TALK),
                      "content/articles/hoi-thao.md": article("Hội thảo", "2021-10-02 15:00")})
    now = datetime(2031, 5, 6, 7, 8, tzinfo=SITE_TZ)
    outputs = [build_site(site, now=now - timedelta(days=days)) for days in (0, 400)]
    files = ("campaigns/tuan-le/tuan-le.ics", "campaigns/khac/khac.ics", "calendar/calendar.ics")
    assert len({tuple((out / f).read_bytes() for f in files) for out in outputs}) == 1
    stamps = {str(e["summary"]): e["dtstamp"].dt for e in events_of(outputs[0] / "calendar/calendar.ics")}
    assert stamps == {"Lễ khai mạc": datetime(2021, 9, 19, 17, 0, tzinfo=timezone.utc),
                      "Hội thảo": datetime(2021, 10, 2, 8, 0, tzinfo=timezone.utc),
                      "Tọa đàm": datetime(2021, 9, 30, 17, 0, tzinfo=timezone.utc)}


def test_text_is_escaped_and_folded_so_that_it_reads_back_unchanged(make_site, build_site):
    title = "Hội nghị: tổng kết; trao thưởng, tuyên dương \\ khen thưởng " + "các tập thể xuất sắc " * 6
    description = "Dòng một.\nDòng hai, có dấu phẩy; và chấm phẩy."
    activities = (f'  - date: 2021-10-02\n    time: "08:00"\n    title: "{title.replace(chr(92), chr(92) * 2)}"\n'
                  f'    location: "Hội trường A, tầng 2"\n    description: "{description.replace(chr(10), chr(92) + "n")}"\n')
    out = build_site(make_site({"content/campaigns/tuan-le.yaml": CAMPAIGN.format(activities=activities)}))
    raw = (out / "campaigns/tuan-le/tuan-le.ics").read_bytes()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    raw.decode("utf-8")  # no character was cut by folding
    event = events_of(out / "campaigns/tuan-le/tuan-le.ics")[0]
    assert str(event["summary"]) == title.strip()
    assert str(event["location"]) == "Hội trường A, tầng 2"
    assert description in str(event["description"])


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=400))
def test_folding_keeps_lines_short_and_unfolds_to_the_original(text):
    from generator.ical import fold
    folded = fold("SUMMARY:" + text)
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "SUMMARY:" + text
