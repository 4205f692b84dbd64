/* Loa preview only (`build.py serve`): never part of a published build.
   Long-polls the server, naming the tab's page; reloads the tab when the server says the page changed
   (a build succeeded, or showed this page early), shows the errors when a build fails. */
(function () {
  "use strict";
  var state = LOA_STATE;
  var SCROLL_KEY = "loa-preview-scroll";

  function showErrors(errors) {
    var old = document.getElementById("loa-overlay");
    if (old) { old.parentNode.removeChild(old); }
    if (!errors.length) { return; }
    var box = document.createElement("section");
    box.id = "loa-overlay";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;left:0;right:0;top:0;max-height:75vh;overflow:auto;z-index:2147483647;" +
      "margin:0;padding:1rem 1.25rem;background:#fff4f4;color:#4a0d0d;border-bottom:4px solid #b3261e;" +
      "box-shadow:0 4px 18px rgba(0,0,0,.35);font:16px/1.5 system-ui,sans-serif;text-align:left";
    var title = document.createElement("h2");
    title.style.cssText = "margin:0 0 .5rem;font-size:1.1rem;color:#b3261e";
    title.textContent = state.title;
    box.appendChild(title);
    var list = document.createElement("ul");
    list.style.cssText = "margin:0;padding-left:1.25rem;font-family:ui-monospace,Consolas,monospace;" +
      "font-size:14px;white-space:pre-wrap;word-break:break-word";
    errors.forEach(function (error) {
      var item = document.createElement("li");
      item.className = "loa-error";
      var where = document.createElement("strong");
      where.className = "loa-where";
      where.textContent = error.path + (error.line ? ":" + error.line : "");
      var message = document.createElement("span");
      message.className = "loa-message";
      message.textContent = error.message;
      item.appendChild(where);
      item.appendChild(document.createTextNode(": "));
      item.appendChild(message);
      list.appendChild(item);
    });
    box.appendChild(list);
    document.body.appendChild(box);
  }

  function reload() {
    try { sessionStorage.setItem(SCROLL_KEY, String(window.scrollY)); } catch (e) { /* private mode */ }
    window.location.reload();
  }

  function poll(delay) {
    window.setTimeout(function () {
      fetch(state.poll + "?v=" + state.version + "&p=" + encodeURIComponent(window.location.pathname),
            { cache: "no-store" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          if (data.version !== state.version) {
            state.version = data.version;
            if (data.reload) { reload(); return; }
            showErrors(data.errors);
          }
          poll(0);
        }, function () { poll(1000); });  /* the server restarts or is gone: try again calmly */
    }, delay);
  }

  try {
    var scroll = sessionStorage.getItem(SCROLL_KEY);
    if (scroll !== null) {
      sessionStorage.removeItem(SCROLL_KEY);
      window.scrollTo(0, Number(scroll));
    }
  } catch (e) { /* private mode */ }
  showErrors(state.errors);
  poll(0);
}());
