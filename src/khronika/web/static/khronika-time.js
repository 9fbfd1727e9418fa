// khronika: times are written in UTC by the server; shown here in the reader's own time zone
// and language. Without JavaScript the UTC time stays, labelled as such.
(function () {
  "use strict";
  var lang = document.documentElement.lang || undefined;
  document.querySelectorAll("time.local[datetime]").forEach(function (el) {
    var when = new Date(el.getAttribute("datetime"));
    if (isNaN(when.getTime())) { return; }
    el.title = el.textContent;
    el.textContent = when.toLocaleString(lang, { dateStyle: "medium", timeStyle: "short" });
  });
})();
