/* Loa photo gallery: a full-size view over a grid of thumbnail links.
   A classic script (no modules, no fetch), so it works from file:// too. Without JavaScript,
   or in a browser without <dialog>, every thumbnail stays a plain link to its full image. */
(function () {
  "use strict";

  var SWIPE_PIXELS = 40;

  function setUp(gallery) {
    var links = Array.prototype.slice.call(gallery.querySelectorAll("a.gallery-item"));
    var dialog = gallery.querySelector("dialog.lightbox");
    if (!links.length || !dialog || typeof dialog.showModal !== "function") {
      return;
    }
    var stage = dialog.querySelector(".lightbox-stage");
    var caption = dialog.querySelector(".lightbox-caption");
    var count = dialog.querySelector(".lightbox-count");
    var closeButton = dialog.querySelector(".lightbox-close");
    var current = 0;
    var opener = null;
    var swipe = null;

    // The full-size view offers the thumbnail's own srcsets at the width of the screen.
    function show(index) {
      current = (index + links.length) % links.length;
      var link = links[current];
      var thumb = link.querySelector("img");
      var webp = link.querySelector("source");
      var picture = document.createElement("picture");
      if (webp && webp.getAttribute("srcset")) {
        var source = document.createElement("source");
        source.type = "image/webp";
        source.sizes = "100vw";
        source.setAttribute("srcset", webp.getAttribute("srcset"));
        picture.appendChild(source);
      }
      var img = document.createElement("img");
      picture.appendChild(img);
      img.className = "lightbox-image";
      img.alt = thumb ? thumb.alt : "";
      img.draggable = false;
      if (thumb && thumb.getAttribute("width")) {
        img.width = Number(thumb.getAttribute("width"));
        img.height = Number(thumb.getAttribute("height"));
      }
      if (thumb && thumb.getAttribute("srcset")) {
        img.sizes = "100vw";
        img.setAttribute("srcset", thumb.getAttribute("srcset"));
      }
      img.src = link.href;
      while (stage.firstChild) {
        stage.removeChild(stage.firstChild);
      }
      stage.appendChild(picture);
      var figcaption = link.parentNode.querySelector("figcaption");
      caption.textContent = figcaption ? figcaption.textContent : "";
      count.textContent = (current + 1) + " / " + links.length;
    }

    links.forEach(function (link, index) {
      link.addEventListener("click", function (event) {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
          return; // let "open in a new tab" work
        }
        event.preventDefault();
        opener = link;
        show(index);
        dialog.showModal();
        closeButton.focus();
      });
    });
    dialog.querySelector(".lightbox-prev").addEventListener("click", function () { show(current - 1); });
    dialog.querySelector(".lightbox-next").addEventListener("click", function () { show(current + 1); });
    closeButton.addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowLeft" || event.key === "Left") {
        show(current - 1);
        event.preventDefault();
      } else if (event.key === "ArrowRight" || event.key === "Right") {
        show(current + 1);
        event.preventDefault();
      }
    });
    // Escape closes a modal dialog by itself; focus goes back to the thumbnail that opened it.
    dialog.addEventListener("close", function () {
      while (stage.firstChild) {
        stage.removeChild(stage.firstChild);
      }
      if (opener) {
        opener.focus();
      }
    });
    // A click on the dark area around the photo closes, as in every photo viewer.
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) {
        dialog.close();
      }
    });
    // Swipe: a mostly horizontal move of a finger (or a mouse drag) goes to the next or previous photo.
    stage.addEventListener("pointerdown", function (event) {
      swipe = { x: event.clientX, y: event.clientY };
    });
    stage.addEventListener("pointercancel", function () { swipe = null; });
    stage.addEventListener("pointerup", function (event) {
      if (!swipe) {
        return;
      }
      var dx = event.clientX - swipe.x;
      var dy = event.clientY - swipe.y;
      swipe = null;
      if (Math.abs(dx) > SWIPE_PIXELS && Math.abs(dx) > Math.abs(dy)) {
        show(dx < 0 ? current + 1 : current - 1);
      }
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-gallery]"), setUp);
})();
