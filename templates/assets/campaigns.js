/* Campaigns as of the reader's day: statuses, the order of the campaigns index, schedule
   filters (kept in the URL fragment), the work calendar page and the sidebar's next activities.
   A classic script without fetch or modules, so that it works from file://. Without it, pages
   show everything as of the build. */
(function () {
  "use strict";

  var script = document.currentScript;
  var timeZone = script && script.getAttribute("data-timezone");
  var root = (script && script.getAttribute("data-root")) || ".";

  function all(selector, scope) {
    return Array.prototype.slice.call((scope || document).querySelectorAll(selector));
  }

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  /* Today as YYYY-MM-DD in the site's time zone (where the activities happen). */
  function today() {
    var now = new Date();
    try {
      var parts = {};
      new Intl.DateTimeFormat("en-US", {timeZone: timeZone, year: "numeric", month: "2-digit", day: "2-digit"})
        .formatToParts(now).forEach(function (p) { parts[p.type] = p.value; });
      if (parts.year && parts.month && parts.day) return parts.year + "-" + parts.month + "-" + parts.day;
    } catch (e) { /* an unknown zone or an old browser: the reader's own day */ }
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  function dayNumber(iso) {
    var p = iso.split("-");
    return Math.round(Date.UTC(+p[0], +p[1] - 1, +p[2]) / 864e5);
  }

  var STATUSES = ["running", "upcoming", "ended"];

  function statusOf(start, end, day) {
    var total = dayNumber(end) - dayNumber(start) + 1;
    if (day < start) return {kind: "upcoming", day: 0, total: total};
    if (day > end) return {kind: "ended", day: total, total: total};
    return {kind: "running", day: dayNumber(day) - dayNumber(start) + 1, total: total};
  }

  function showStatuses(day) {
    all(".campaign-status[data-start]").forEach(function (el) {
      var s = statusOf(el.getAttribute("data-start"), el.getAttribute("data-end"), day);
      var name = s.kind === "running" && s.total === 1 ? "running-one" : s.kind;
      el.textContent = el.getAttribute("data-text-" + name)
        .replace("{day}", s.day).replace("{total}", s.total);
      el.setAttribute("data-status", s.kind);
    });
  }

  /* Running campaigns first (ending soonest), then upcoming (soonest), then ended (latest). */
  function orderCampaigns(day) {
    all("[data-campaign-list]").forEach(function (list) {
      var cards = all(":scope > li", list).map(function (li) {
        var start = li.getAttribute("data-start"), end = li.getAttribute("data-end");
        var kind = statusOf(start, end, day).kind;
        var by = kind === "running" ? dayNumber(end) : kind === "upcoming" ? dayNumber(start) : -dayNumber(end);
        return {li: li, key: [STATUSES.indexOf(kind), by, li.getAttribute("data-id")]};
      });
      cards.sort(function (a, b) {
        for (var i = 0; i < 3; i++) {
          if (a.key[i] !== b.key[i]) return a.key[i] < b.key[i] ? -1 : 1;
        }
        return 0;
      });
      cards.forEach(function (card) { list.appendChild(card.li); });
    });
  }

  function markDays(day) {
    all(".schedule-day[data-date]").forEach(function (section) {
      var date = section.getAttribute("data-date");
      section.classList.toggle("is-past", date < day);
      section.classList.toggle("is-today", date === day);
    });
  }

  /* ---- schedule filters: #locality=...&type=...&key=1 ---- */

  function readFragment() {
    var hash = location.hash.replace(/^#/, "");
    if (hash.indexOf("=") < 0) return null; // an anchor such as #schedule, not a filter
    var values = {};
    hash.split("&").forEach(function (pair) {
      var i = pair.indexOf("=");
      if (i > 0) values[decodeURIComponent(pair.slice(0, i))] = decodeURIComponent(pair.slice(i + 1));
    });
    return values;
  }

  function writeFragment(values) {
    var pairs = [];
    ["locality", "type", "key"].forEach(function (name) {
      if (values[name]) pairs.push(name + "=" + encodeURIComponent(values[name]));
    });
    var hash = pairs.length ? "#" + pairs.join("&") : "";
    if (hash === location.hash || (!hash && readFragment() === null)) return;
    var address = location.href.replace(/#.*$/, "") + hash;
    try {
      history.replaceState(null, "", address);
    } catch (e) {
      location.hash = hash; // some browsers refuse replaceState on file://
    }
  }

  function setUpFilters(schedule) {
    var form = schedule.querySelector("form.filters");
    if (!form) return;
    var rows = all("li.activity", schedule);
    var days = all(".schedule-day", schedule);
    var result = schedule.querySelector(".filter-result");
    var none = schedule.querySelector(".filter-none");

    function current() {
      return {
        locality: form.elements.locality ? form.elements.locality.value : "",
        type: form.elements.type ? form.elements.type.value : "",
        key: form.elements.key && form.elements.key.checked ? "1" : ""
      };
    }

    function apply() {
      var f = current();
      var shown = 0;
      rows.forEach(function (row) {
        var match = (!f.locality || row.getAttribute("data-locality") === f.locality) &&
          (!f.type || row.getAttribute("data-type") === f.type) &&
          (!f.key || row.getAttribute("data-key") === "1");
        row.hidden = !match;
        if (match) shown++;
      });
      days.forEach(function (day) {
        day.hidden = !day.querySelector("li.activity:not([hidden])");
      });
      var filtered = f.locality || f.type || f.key;
      result.hidden = !filtered;
      result.textContent = result.getAttribute("data-text-showing")
        .replace("{shown}", shown).replace("{total}", rows.length);
      none.hidden = shown > 0;
      return f;
    }

    function select(name, value) {
      var field = form.elements[name];
      if (!field) return;
      if (field.type === "checkbox") {
        field.checked = value === "1";
      } else {
        var known = all("option", field).some(function (o) { return o.value === value; });
        field.value = known ? value : "";
      }
    }

    function fromFragment() {
      var values = readFragment();
      if (values === null) {
        revealTarget();
        return;
      }
      ["locality", "type", "key"].forEach(function (name) { select(name, values[name] || ""); });
      apply();
    }

    /* A link to one activity (#a-...) that the filters hide: show the whole schedule again. */
    function revealTarget() {
      var id = decodeURIComponent(location.hash.replace(/^#/, ""));
      var target = id && document.getElementById(id);
      if (!target || !schedule.contains(target) || !target.closest("[hidden]")) return;
      ["locality", "type", "key"].forEach(function (name) { select(name, ""); });
      apply();
      target.scrollIntoView();
    }

    form.addEventListener("change", function () { writeFragment(apply()); });
    form.addEventListener("reset", function () {
      setTimeout(function () { writeFragment(apply()); }, 0); // after the form has reset its fields
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    window.addEventListener("hashchange", fromFragment);
    form.hidden = false;
    fromFragment();
  }

  /* ---- the work calendar page: only what is still to come ---- */

  function showCalendar(day) {
    all("[data-calendar]").forEach(function (calendar) {
      var visible = 0;
      all(".schedule-day[data-date]", calendar).forEach(function (section) {
        section.hidden = section.getAttribute("data-date") < day;
        if (!section.hidden) visible++;
      });
      calendar.querySelector(".empty").hidden = visible > 0;
    });
  }

  /* ---- the sidebar: the next activities, from calendar/upcoming.js ---- */

  function showUpcoming(day) {
    var box = document.querySelector("[data-upcoming]");
    if (!box) return;
    var list = box.querySelector("ul");
    var empty = box.querySelector(".empty");
    var data = window.loaUpcoming;
    if (data && data.items) {
      var items = data.items.filter(function (item) { return item.date >= day; }).slice(0, data.limit);
      list.textContent = "";
      items.forEach(function (item) { list.appendChild(upcomingItem(item)); });
    } else {
      all("li[data-date]", list).forEach(function (li) { li.hidden = li.getAttribute("data-date") < day; });
    }
    var count = all("li:not([hidden])", list).length;
    list.hidden = count === 0;
    empty.hidden = count > 0;
  }

  function upcomingItem(item) {
    var li = document.createElement("li");
    li.setAttribute("data-date", item.date);
    var time = document.createElement("time");
    time.setAttribute("datetime", item.date);
    time.textContent = item.when;
    var link = document.createElement("a");
    link.href = root + "/" + item.path;
    link.textContent = item.title;
    li.appendChild(time);
    li.appendChild(document.createTextNode(" "));
    li.appendChild(link);
    if (item.locality) {
      var place = document.createElement("span");
      place.className = "muted";
      place.textContent = "– " + item.locality;
      li.appendChild(document.createTextNode(" "));
      li.appendChild(place);
    }
    return li;
  }

  var day = today();
  showStatuses(day);
  orderCampaigns(day);
  markDays(day);
  showCalendar(day);
  showUpcoming(day);
  all("[data-schedule]").forEach(setUpFilters);
})();
