// Jobs dashboard: theme, "/" to search, confirmations, and live updates (one Server-Sent Events stream, a refresh
// picker that pauses while the tab is hidden, plain polling as the fallback). No build step, no dependencies.
(function () {
  "use strict";
  var store = { get: function (k, d) { try { return localStorage.getItem(k) || d; } catch (e) { return d; } },
                set: function (k, v) { try { localStorage.setItem(k, v); } catch (e) { } } };
  document.documentElement.dataset.theme = store.get("jobs-theme", "system");

  function ready(fn) { if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn); }

  ready(function () {
    var theme = document.getElementById("theme");
    theme.value = document.documentElement.dataset.theme;
    theme.addEventListener("change", function () { document.documentElement.dataset.theme = theme.value; store.set("jobs-theme", theme.value); });

    document.addEventListener("keydown", function (e) {
      var t = e.target;
      if (e.key === "/" && !(t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement)) {
        e.preventDefault();
        var s = document.getElementById("search"); s.focus(); s.select();
      }
    });

    // Destructive actions ask first: a form's or its submit button's data-confirm.
    document.addEventListener("submit", function (e) {
      var button = e.submitter, text = (button && button.dataset.confirm) || e.target.dataset.confirm;
      if (text && !window.confirm(text)) e.preventDefault();
    });
    document.addEventListener("change", function (e) {
      if (e.target.id === "select-page") document.querySelectorAll("input[name=id]").forEach(function (c) { c.checked = e.target.checked; });
    });

    localTimes(document);
    live();
  });

  function localTimes(root) {
    root.querySelectorAll("time[datetime]").forEach(function (t) {
      var d = new Date(t.getAttribute("datetime"));
      if (!isNaN(d)) t.textContent = d.toLocaleString(undefined, { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    });
  }

  function live() {
    var picker = document.getElementById("refresh"), status = document.getElementById("live-status");
    var interval = parseInt(store.get("jobs-refresh", "1000"), 10);
    picker.value = String(interval);
    if (picker.value !== String(interval)) { interval = 1000; picker.value = "1000"; }
    var timer = null, source = null, pending = false, lastRefresh = 0, busy = false;

    function say(text) { status.textContent = text; }
    function interacting() {
      var a = document.activeElement, main = document.getElementById("live");
      return (a && main.contains(a) && (a.tagName === "INPUT" || a.tagName === "SELECT" || a.tagName === "TEXTAREA"))
        || main.querySelector("input[type=checkbox]:checked, details[open]") !== null;
    }
    function refresh() {
      if (busy || document.hidden || interval === 0) return;
      if (interacting()) { pending = true; return; }
      busy = true; pending = false; lastRefresh = Date.now();
      fetch(location.href, { headers: { "X-Jobs-Refresh": "1" }, credentials: "same-origin" }).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.text();
      }).then(function (html) {
        var next = new DOMParser().parseFromString(html, "text/html").getElementById("live");
        var main = document.getElementById("live");
        if (next && !interacting()) { main.innerHTML = next.innerHTML; localTimes(main); document.body.dataset.refreshed = String(Date.now()); }
      }).catch(function () { say("refresh failed; retrying"); }).finally(function () { busy = false; });
    }
    function soon() {
      // An event asks for a refresh; at most one per second, and never while paused.
      if (interval === 0) return;
      var wait = Math.max(0, 1000 - (Date.now() - lastRefresh));
      setTimeout(refresh, wait);
    }
    function addEvent(e) {
      var rows = document.getElementById("event-rows");
      if (!rows) return false;
      if (e.id <= parseInt(rows.dataset.last || "0", 10)) return true;
      rows.dataset.last = String(e.id);
      var tr = document.createElement("tr"); tr.className = "fresh ev-" + e.type;
      var base = document.body.dataset.stream.replace(/\/stream$/, "");
      [new Date(e.timestamp).toLocaleString(), e.type, null, e.task, e.queue, e.worker, e.detail].forEach(function (v, i) {
        var td = document.createElement("td");
        if (i === 2 && e.jobId) { var a = document.createElement("a"); a.href = base + "/jobs/" + e.jobId; a.textContent = e.jobId.slice(-8); td.appendChild(a); }
        else td.textContent = v == null ? "" : v;
        tr.appendChild(td);
      });
      rows.insertBefore(tr, rows.firstChild);
      while (rows.children.length > 500) rows.removeChild(rows.lastChild);
      return true;
    }
    function connect() {
      if (source || !window.EventSource || interval === 0) return;
      source = new EventSource(document.body.dataset.stream);
      source.onopen = function () { say("live"); document.body.dataset.live = "open"; };
      source.onerror = function () { say("live stream lost; polling every " + (interval / 1000) + " s"); };
      source.addEventListener("job", function (m) { if (!addEvent(JSON.parse(m.data))) soon(); });
      source.addEventListener("change", function () { if (!document.getElementById("event-rows")) soon(); });
    }
    function disconnect() { if (source) { source.close(); source = null; } document.body.dataset.live = "closed"; }
    function start() {
      stop();
      if (interval === 0 || document.hidden) { say(interval === 0 ? "live updates off" : "paused while hidden"); return; }
      connect();
      timer = setInterval(function () { if (pending || Date.now() - lastRefresh >= interval) refresh(); }, Math.max(interval, 1000));
    }
    function stop() { if (timer) clearInterval(timer); timer = null; disconnect(); }

    picker.addEventListener("change", function () { interval = parseInt(picker.value, 10); store.set("jobs-refresh", picker.value); start(); });
    document.addEventListener("visibilitychange", function () { if (document.hidden) { stop(); say("paused while hidden"); } else { start(); refresh(); } });
    start();
  }
})();
