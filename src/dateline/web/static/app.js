// dateline web app: small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // Timeline page: an entry and its mark on the coverage chart light up together.
  function link(iso, on) {
    document.querySelectorAll('[data-iso="' + CSS.escape(iso) + '"]').forEach(function (el) {
      el.classList.toggle("on", on);
    });
  }
  document.querySelectorAll("ol.tl > li[data-iso], .chart .mark[data-iso]").forEach(function (el) {
    var iso = el.getAttribute("data-iso");
    ["mouseenter", "focusin"].forEach(function (ev) { el.addEventListener(ev, function () { link(iso, true); }); });
    ["mouseleave", "focusout"].forEach(function (ev) { el.addEventListener(ev, function () { link(iso, false); }); });
  });
  // A mark on the chart moves the keyboard focus to its entry (not only the scroll position).
  document.querySelectorAll(".chart .mark").forEach(function (mark) {
    mark.addEventListener("click", function (ev) {
      var entry = document.getElementById("e-" + mark.getAttribute("data-iso"));
      if (entry) {
        ev.preventDefault();
        history.replaceState(null, "", "#e-" + mark.getAttribute("data-iso"));
        entry.scrollIntoView({ block: "start" });
        entry.focus({ preventScroll: true });
      }
    });
  });

  // Article page: bring the highlighted sentence into view and give it the focus.
  var hl = document.querySelector(".sent.hl");
  if (hl) {
    hl.scrollIntoView({ block: "center" });
    hl.focus({ preventScroll: true });
  }

  // Upload page: say what was chosen, and refuse too much before sending it.
  var form = document.querySelector("form.upload");
  if (form) {
    var input = form.querySelector('input[type="file"]');
    var out = document.getElementById("u-size");
    var max = parseInt(form.getAttribute("data-max-bytes"), 10);
    var total = function () {
      var n = 0;
      for (var i = 0; i < input.files.length; i++) { n += input.files[i].size; }
      return n;
    };
    input.addEventListener("change", function () {
      var n = total();
      var kb = Math.ceil(n / 1024);
      out.textContent = input.files.length + " file" + (input.files.length === 1 ? "" : "s") + ", " + kb + " KB" +
        (n > max ? ": more than the limit of " + Math.floor(max / 1024) + " KB; upload fewer files at a time" : "");
      input.setCustomValidity(n > max ? "The files are larger than the upload limit." : "");
    });
  }
})();
