// playbook live reload: injected by `playbook serve`, never by `build`.
(function () {
  "use strict";
  var key = "playbook-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var y = parseInt(saved, 10);
    var restore = function () { window.scrollTo(0, y); };
    if (document.readyState === "complete") restore(); else window.addEventListener("load", restore);
  }
  var overlay = null;
  function showErrors(lines) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "playbook-error-overlay";
      overlay.setAttribute("role", "alert");
      // Dark in both colour schemes, every colour and background set here:
      // the site's own styles for pre, h2 and p must not show through.
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;" +
        "background:#141418;color:#f4f5f7;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;text-align:left";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "";
    var h = document.createElement("h2");
    h.textContent = "The site could not be rebuilt";
    h.style.cssText = "font:600 20px system-ui,sans-serif;margin:0 0 1rem;padding:0;color:#ff9b92;background:none;border:0";
    overlay.appendChild(h);
    var p = document.createElement("p");
    p.textContent = "The last good version is still served. Fix the file and save: this page updates by itself.";
    p.style.cssText = "font:15px/1.5 system-ui,sans-serif;margin:0 0 1rem;padding:0;color:#f4f5f7;background:none;border:0";
    overlay.appendChild(p);
    var pre = document.createElement("pre");
    pre.style.cssText = "white-space:pre-wrap;margin:0;padding:1rem;color:#f4f5f7;background:#22232a;" +
      "border:1px solid #3a3c46;border-radius:6px;box-shadow:none;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;overflow:visible";
    pre.textContent = lines.join("\n");
    overlay.appendChild(pre);
  }
  function hideErrors() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  var es = new EventSource("/_playbook/events");
  es.addEventListener("reload", function () {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  });
  es.addEventListener("css", function (e) {
    var assets = JSON.parse(e.data);
    hideErrors();
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      var u = new URL(link.href, location.href);
      Object.keys(assets).forEach(function (name) {
        var dot = name.lastIndexOf(".");
        var stem = name.slice(0, dot), ext = name.slice(dot);
        var re = new RegExp("/assets/" + stem.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "\\.[0-9a-f]+\\" + ext + "$");
        if (re.test(u.pathname)) {
          var next = link.cloneNode();
          next.href = assets[name];
          next.onload = function () { link.remove(); };
          link.after(next);
        }
      });
    });
  });
  es.addEventListener("builderror", function (e) { showErrors(JSON.parse(e.data)); });
  es.addEventListener("ok", hideErrors);
})();
