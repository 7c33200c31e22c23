/// `/console/assets/console.js`: live updates. The element marked `data-live` ("all" on the first
/// page of the list, an execution's id on a running execution's page) is fetched again and
/// replaced when `/console/events` reports a change that concerns it. No inline script exists;
/// the page works without this file (a reload shows the same).
enum ConsoleScript {
  static let text = """
    (function () {
      "use strict";
      var live = document.querySelector("[data-live]");
      if (!live || !window.EventSource) { return; }
      var busy = false;
      var again = false;
      function refresh() {
        if (busy) { again = true; return; }
        busy = true;
        fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
          .then(function (response) { return response.ok ? response.text() : null; })
          .then(function (html) {
            if (html === null) { return; }
            var page = new DOMParser().parseFromString(html, "text/html");
            var next = page.getElementById(live.id);
            if (next) {
              var fresh = document.importNode(next, true);
              live.replaceWith(fresh);
              live = fresh;
            }
          })
          .catch(function () {})
          .finally(function () {
            busy = false;
            if (again) { again = false; refresh(); }
          });
      }
      var events = new EventSource("/console/events");
      events.addEventListener("execution", function (event) {
        var watched = live.getAttribute("data-live");
        if (watched === null) { return; }
        var change = JSON.parse(event.data);
        if (watched === "all" || watched === change.id) { refresh(); }
      });
    })();
    """
}
