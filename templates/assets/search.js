/* Loa offline search. A classic script: fetch, XHR, modules and workers are blocked on file://,
   so every part of the index is a script that calls LoaSearch.part(name, data) (see
   generator/search_index.py for the format). The page loads the head (dates, categories and
   campaigns of every article); a query then loads the term shards of its words, and the results
   shown load one text script each. Everything editors wrote is shown with textContent, never as HTML. */
(function () {
  "use strict";

  var parts = {};
  var waiting = {};
  var MARKS = /\p{M}/gu;
  var TOKEN = /[\p{L}\p{N}]+/gu;
  var MAX_WORDS = 12;
  var SNIPPET = 220;

  /* The same folding as fold() in search_index.py: NFD, no marks, lower case, đ -> d. */
  function fold(text) {
    return text.normalize("NFD").replace(MARKS, "").toLowerCase().replace(/đ/g, "d");
  }

  function tokenize(text) {
    return fold(text).match(TOKEN) || [];
  }

  /* FNV-1a over code points, as term_shard() in search_index.py. */
  function shardOf(term, shards) {
    var hash = 0x811c9dc5;
    for (var ch of term) {
      hash = Math.imul(hash ^ ch.codePointAt(0), 0x01000193) >>> 0;
    }
    return hash % shards;
  }

  function part(name, data) {
    parts[name] = data;
    (waiting[name] || []).forEach(function (w) { w.resolve(data); });
    delete waiting[name];
  }

  /* Index files are beside the search page; the page tells the version (for caches) and the
     number of term shards, so shards load at once, alongside the head. */
  var base = { version: "", shards: 0 };

  function configure(options) {
    base.version = options.version || "";
    base.shards = options.shards || 0;
  }

  /* Load one part of the index by injecting a script tag: the one way that works from file://. */
  function load(name, file) {
    if (parts[name]) return Promise.resolve(parts[name]);
    return new Promise(function (resolve, reject) {
      var first = !waiting[name];
      (waiting[name] = waiting[name] || []).push({ resolve: resolve, reject: reject });
      if (!first) return;
      var script = document.createElement("script");
      script.src = file + (base.version ? "?v=" + base.version : "");
      /* A file that is missing, or loads without handing over its part, fails the search
         instead of leaving it waiting. */
      script.onerror = script.onload = function () {
        if (parts[name]) return;
        (waiting[name] || []).forEach(function (w) { w.reject(new Error(file)); });
        delete waiting[name];
      };
      document.head.appendChild(script);
    });
  }

  function decodeGaps(text) {
    var ids = [];
    if (!text) return ids;
    var id = 0;
    text.split(",").forEach(function (gap) { id += +gap; ids.push(id); });
    return ids;
  }

  function dayNumber(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) / 86400000 : null;
  }

  var head = null;
  var days = null;

  function loadHead() {
    return load("head", "index.js").then(function (data) {
      if (head) return head;
      head = data;
      base.shards = data.shards;
      days = new Int32Array(data.days.length);
      var day = 0;
      data.days.forEach(function (gap, i) { day += gap; days[i] = day; });
      return data;
    });
  }

  /* Words and word pairs of a query, as the index stores them. */
  function termsOf(q) {
    var words = tokenize(q).slice(0, MAX_WORDS);
    var pairs = [];
    for (var i = 1; i < words.length; i++) pairs.push(words[i - 1] + " " + words[i]);
    return { ordered: words, words: Array.from(new Set(words)), pairs: Array.from(new Set(pairs)) };
  }

  function postingsOf(term) {
    var shard = parts["t" + shardOf(term, base.shards)];
    var entry = shard && shard[term];
    if (entry === undefined) return null;
    var split = entry.split("|");
    return { all: decodeGaps(split[0]), title: decodeGaps(split[1] || "") };
  }

  function count(lists, key, n) {
    var counts = new Uint8Array(n);
    lists.forEach(function (p) {
      if (!p) return;
      var ids = p[key];
      for (var i = 0; i < ids.length; i++) counts[ids[i]]++;
    });
    return counts;
  }

  /* Ranked ids: titles holding every word first (the phrase before scattered words), then the
     text holding the phrase, then every word anywhere; within each, articles newest first, then
     standalone pages (which have no date, category or campaign: any filter leaves them out). */
  function rank(params) {
    var articles = head.days.length, n = articles + (head.pages || 0);
    var terms = termsOf(params.q || "");
    var textQuery = (params.q || "").trim() !== "";
    var words = terms.words.map(postingsOf);
    var pairs = terms.pairs.map(postingsOf);
    var category = head.categories.findIndex(function (c) { return c[0] === params.category; }) + 1;
    var campaign = head.campaigns.findIndex(function (c) { return c[0] === params.campaign; }) + 1;
    var from = dayNumber(params.from), to = dayNumber(params.to);
    if (from !== null && to !== null && from > to) { var swap = from; from = to; to = swap; }
    var filtered = category || campaign || from !== null || to !== null;
    if ((textQuery && !terms.words.length) || words.indexOf(null) >= 0 ||
        (params.category && !category) || (params.campaign && !campaign)) {
      return { ids: [], terms: terms };
    }
    var inAll = count(words, "all", n), inTitle = count(words, "title", n);
    var pairAll = count(pairs, "all", n), pairTitle = count(pairs, "title", n);
    var W = words.length, P = pairs.filter(Boolean).length, wantP = pairs.length;
    var tiers = [[], [], [], []];
    function place(id) {
      if (W && inAll[id] !== W) return;
      var phrase = P === wantP && pairAll[id] === wantP;
      var tier;
      if (!W || inTitle[id] === W) tier = (!wantP || (P === wantP && pairTitle[id] === wantP)) ? 0 : 1;
      else tier = phrase ? 2 : 3;
      tiers[tier].push(id);
    }
    for (var id = articles - 1; id >= 0; id--) {
      if (category && head.category[id] !== category) continue;
      if (campaign && head.campaign[id] !== campaign) continue;
      if ((from !== null && days[id] < from) || (to !== null && days[id] > to)) continue;
      place(id);
    }
    if (!filtered && W) {
      for (id = articles; id < n; id++) place(id);
    }
    return { ids: tiers[0].concat(tiers[1], tiers[2], tiers[3]), terms: terms };
  }

  function loadShards(params) {
    var terms = termsOf(params.q || "");
    var shards = new Set(terms.words.concat(terms.pairs).map(function (t) { return shardOf(t, base.shards); }));
    return Promise.all(Array.from(shards).map(function (s) { return load("t" + s, "terms/" + s + ".js"); }));
  }

  /* Load the head and the shards a query needs, side by side, then rank. */
  function find(params) {
    var ready = base.shards ? Promise.all([loadHead(), loadShards(params)])
                            : loadHead().then(function () { return loadShards(params); });
    return ready.then(function () { return rank(params); });
  }

  function loadDoc(id) {
    return load("d" + id, "docs/" + id + ".js");
  }

  /* ------------------------------------------------------------ snippets and highlights */

  var foldedChars = new Map();  /* character -> its folding: a text has few distinct characters */

  /* The folded text and, for each folded character, where it came from in the original.
     Only used on short strings: titles and snippets. */
  function foldWithMap(text) {
    var out = [], map = [];
    for (var i = 0; i < text.length;) {
      var code = text.charCodeAt(i);
      if (code < 0x80) {
        out.push(code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : text[i]);
        map.push(i++);
        continue;
      }
      var ch = String.fromCodePoint(text.codePointAt(i));
      var f = foldedChars.get(ch);
      if (f === undefined) foldedChars.set(ch, f = fold(ch));
      for (var k = 0; k < f.length; k++) map.push(i);
      out.push(f);
      i += ch.length;
    }
    map.push(text.length);
    return { folded: out.join(""), map: map };
  }

  /* Where in `text` the folded position `at` falls. Most texts fold character for character
     (Vietnamese: one letter, one letter), and the position is the same; otherwise bisect for the
     shortest prefix whose folding is longer. */
  function originalIndex(text, at) {
    var same = true;
    new Set(text).forEach(function (ch) {
      var f = foldedChars.get(ch);
      if (f === undefined) foldedChars.set(ch, f = fold(ch));
      if (f.length !== ch.length) same = false;
    });
    if (same) return at;
    var low = 0, high = text.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (fold(text.slice(0, middle + 1)).length > at) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  function wordPattern(words) {
    if (!words.length) return null;
    var sorted = words.slice().sort(function (a, b) { return b.length - a.length; });
    return new RegExp("(?<![\\p{L}\\p{N}])(?:" + sorted.map(escapeRegExp).join("|") + ")(?![\\p{L}\\p{N}])", "gu");
  }

  function phrasePattern(words) {
    if (words.length < 2) return null;
    return new RegExp("(?<![\\p{L}\\p{N}])" + words.map(escapeRegExp).join("[^\\p{L}\\p{N}]+") +
                      "(?![\\p{L}\\p{N}])", "u");
  }

  /* Append `text` to `element`, the query's words wrapped in <mark>. */
  function appendMarked(element, text, words) {
    var pattern = wordPattern(words);
    var fm = foldWithMap(text);
    var last = 0, match;
    while (pattern && (match = pattern.exec(fm.folded))) {
      var start = fm.map[match.index], end = fm.map[match.index + match[0].length];
      element.appendChild(document.createTextNode(text.slice(last, start)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(start, end);
      element.appendChild(mark);
      last = end;
    }
    element.appendChild(document.createTextNode(text.slice(last)));
  }

  /* The part of `text` around the first match: the phrase if it is there, else any word.
     Texts are long, so the match is found in the folding of the whole text and traced back to
     the original (originalIndex); the words are then marked exactly, in the short excerpt only. */
  function excerpt(text, terms) {
    var folded = fold(text);
    var phrase = phrasePattern(terms.ordered);
    var any = wordPattern(terms.words);
    var found = (phrase && phrase.exec(folded)) || (any && any.exec(folded));
    var at = found ? originalIndex(text, found.index) : 0;
    var start = Math.max(0, at - 60);
    if (start > 0) {
      var space = text.indexOf(" ", start);
      start = space >= 0 && space < at ? space + 1 : start;
    }
    var end = Math.min(text.length, start + SNIPPET);
    if (end < text.length) {
      var cut = text.lastIndexOf(" ", end);
      end = cut > at ? cut : end;
    }
    return (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
  }

  /* ------------------------------------------------------------------- the page */

  function readParams() {
    var search = new URLSearchParams(location.search);
    var page = parseInt(search.get("page") || "1", 10);
    return {
      q: search.get("q") || "",
      category: search.get("category") || "",
      campaign: search.get("campaign") || "",
      from: search.get("from") || "",
      to: search.get("to") || "",
      page: page > 0 ? page : 1
    };
  }

  function urlFor(params) {
    var search = new URLSearchParams();
    ["q", "category", "campaign", "from", "to"].forEach(function (key) {
      if (params[key]) search.set(key, params[key]);
    });
    if (params.page > 1) search.set("page", String(params.page));
    var text = search.toString();
    return location.pathname.split("/").pop() + (text ? "?" + text : "");
  }

  function fillForm(form, params) {
    ["q", "category", "campaign", "from", "to"].forEach(function (key) {
      if (form.elements[key]) form.elements[key].value = params[key];
    });
    /* Submitting navigates to a URL without empty fields, so it reads well when shared. */
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var next = { page: 1 };
      ["q", "category", "campaign", "from", "to"].forEach(function (key) {
        next[key] = form.elements[key] ? form.elements[key].value.trim() : "";
      });
      location.href = urlFor(next);
    });
  }

  function renderResult(doc, id, terms, root) {
    var item = document.createElement("li");
    item.className = "search-result";
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    link.href = root + doc.path;
    appendMarked(link, doc.title, terms.words);
    heading.appendChild(link);
    item.appendChild(heading);
    var meta = document.createElement("p");
    meta.className = "meta";
    if (doc.iso) {
      var time = document.createElement("time");
      time.dateTime = doc.iso;
      time.textContent = doc.date;
      meta.appendChild(time);
    }
    var category = head.categories[head.category[id] - 1];
    if (category) {
      if (doc.iso) meta.appendChild(document.createTextNode(" · "));
      var categoryLink = document.createElement("a");
      categoryLink.href = root + "categories/" + category[0] + "/index.html";
      categoryLink.textContent = category[1];
      meta.appendChild(categoryLink);
    }
    item.appendChild(meta);
    var snippet = document.createElement("p");
    snippet.className = "snippet";
    appendMarked(snippet, excerpt(doc.text, terms), terms.words);
    item.appendChild(snippet);
    return item;
  }

  function pageLinks(nav, params, total, perPage, ui) {
    var pages = Math.ceil(total / perPage);
    nav.textContent = "";
    if (pages < 2) return;
    function link(page, label, rel) {
      var a = document.createElement("a");
      a.href = urlFor(Object.assign({}, params, { page: page }));
      a.rel = rel;
      a.textContent = label;
      nav.appendChild(a);
    }
    if (params.page > 1) link(params.page - 1, "← " + ui.previous, "prev");
    var span = document.createElement("span");
    span.textContent = ui.page.replace("{number}", params.page).replace("{total}", pages);
    nav.appendChild(span);
    if (params.page < pages) link(params.page + 1, ui.next + " →", "next");
  }

  /* Phases of a search, for the benchmark: performance.getEntriesByName("loa-search:ranked"). */
  function mark(name) {
    if (performance.mark) performance.mark("loa-search:" + name);
  }

  function start() {
    var box = document.getElementById("loa-search");
    if (!box) return;
    var ui = JSON.parse(document.getElementById("loa-search-strings").textContent);
    var form = box.querySelector("form");
    var status = box.querySelector("[role=status]");
    var list = box.querySelector(".search-results");
    var nav = box.querySelector(".search-pages");
    var perPage = parseInt(box.getAttribute("data-per-page"), 10) || 10;
    var root = box.getAttribute("data-root");
    box.classList.add("search-ready");
    var params = readParams();
    fillForm(form, params);
    if (!params.q.trim() && !params.category && !params.campaign && !params.from && !params.to) {
      status.textContent = ui.prompt;
      box.classList.add("search-done");
      return;
    }
    if (params.q.trim()) document.title = params.q.trim() + " – " + document.title;
    status.textContent = ui.loading;
    var started = performance.now();
    configure({ version: box.getAttribute("data-version"), shards: +box.getAttribute("data-shards") });
    find(params)
      .then(function (result) {
        mark("ranked");
        var total = result.ids.length;
        params.page = Math.max(1, Math.min(params.page, Math.ceil(total / perPage)));
        var page = result.ids.slice((params.page - 1) * perPage, params.page * perPage);
        return Promise.all(page.map(loadDoc)).then(function (docs) {
          mark("texts");
          list.textContent = "";
          docs.forEach(function (doc, i) { list.appendChild(renderResult(doc, page[i], result.terms, root)); });
          status.textContent = total ? ui.found.replace("{count}", total.toLocaleString(document.documentElement.lang))
                                     : ui.none;
          pageLinks(nav, params, total, perPage, ui);
          box.setAttribute("data-search-ms", String(Math.round(performance.now() - started)));
          box.classList.add("search-done");
        });
      })
      .catch(function (error) {
        status.textContent = ui.failed;
        box.classList.add("search-done", "search-failed");
        if (window.console) console.warn("search: could not load " + error.message);
      });
  }

  window.LoaSearch = {
    part: part, fold: fold, tokenize: tokenize, shardOf: shardOf,
    configure: configure, find: find, loadDoc: loadDoc, excerpt: excerpt
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
