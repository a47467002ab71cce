/* The open-now badge says until when it is true (data-changes-at). When that
   moment has passed -- a page from a full-page cache, or a tab left open -- ask
   the site for the current status and show it. No dependencies, no build step. */
(function () {
  "use strict";
  var RETRY_MS = 60 * 1000;
  var MAX_TIMEOUT_MS = 2147483647;

  function apply(badge, data) {
    if (!data || !data.known) return;
    var label = badge.querySelector("[data-opening-label]");
    if (label) label.innerHTML = data.html;
    var reason = badge.querySelector("[data-opening-reason]");
    if (reason) {
      reason.textContent = data.reason || "";
      reason.hidden = !data.reason;
    }
    badge.classList.toggle("opening-badge--open", data.open);
    badge.classList.toggle("opening-badge--closed", !data.open);
    badge.setAttribute("data-changes-at", data.changes_at || "");
  }

  function refresh(badge) {
    fetch(badge.getAttribute("data-status-url"), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { apply(badge, data); })
      .catch(function () {})
      .then(function () { watch(badge, RETRY_MS); });
  }

  function watch(badge, minimumWait) {
    var changesAt = Date.parse(badge.getAttribute("data-changes-at") || "");
    if (isNaN(changesAt)) return;
    var wait = Math.max(changesAt - Date.now() + 1000, minimumWait);
    if (wait <= 1000 && minimumWait === 0) {
      refresh(badge);
      return;
    }
    window.setTimeout(function () { refresh(badge); }, Math.min(wait, MAX_TIMEOUT_MS));
  }

  var badges = document.querySelectorAll("[data-opening-badge][data-status-url]");
  for (var i = 0; i < badges.length; i += 1) watch(badges[i], 0);
})();
