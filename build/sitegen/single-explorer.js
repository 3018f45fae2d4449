/*
 * Flatland single-file explorer (flatland.html): runs the figures of the page in srcdoc frames. A
 * srcdoc frame shares this page's origin and policy, needs no address (the file may sit anywhere, and
 * file:// frames of other files would be cross-origin), and holds this page's own script and
 * stylesheet texts, so the same Content-Security-Policy hashes allow them. The figures take this
 * page's module (window.flatlandSite.embeddedModule): decompressed and compiled once.
 *
 * Like the site's explorer: frames load when they come near the viewport, pause when off-screen, and
 * a change in one figure ({flatland:"state"}) is relayed to the others as {flatland:"params"}.
 */
(function () {
  "use strict";

  var runtime = document.getElementById("flatland-runtime");
  var style = document.getElementById("flatland-style");
  var query = new URLSearchParams(location.search);
  if (!runtime || !style || query.has("figure")) return; // ?figure=NAME: the page is that figure

  // Parameters that describe one page rather than the shared physical setting.
  // lesson= and step= belong to the guided lesson (in flatland.js).
  var PAGE_ONLY = { figure: 1, controls: 1, autoplay: 1, origin: 1, lesson: 1, step: 1 };
  var shared = {};
  query.forEach(function (v, k) { if (!PAGE_ONLY[k]) shared[k] = v; });

  function escapeAttr(s) {
    return String(s).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  }

  function frameDocument(name, autoplay) {
    var params = new URLSearchParams(shared);
    if (autoplay) params.set("autoplay", "1");
    return '<!doctype html><html lang="en" class="figure-mode"><head><meta charset="utf-8">' +
      '<style>' + style.textContent + '<\/style>' +
      '<script data-figure="' + escapeAttr(name) + '" data-params="' +
      escapeAttr(params.toString()) + '">' + runtime.textContent + '<\/script>' +
      '</head><body></body></html>';
  }

  // Messages go to the frames' own origin: "/" is this page's origin, which the srcdoc frames share,
  // also when it is opaque (file://), where location.origin ("null") is no valid target.
  function post(frame, msg) {
    if (frame.contentWindow) frame.contentWindow.postMessage(msg, "/");
  }

  function openLink(name) {
    var q = new URLSearchParams(shared);
    q.set("figure", name);
    return "?" + q.toString();
  }

  function refreshLinks() {
    document.querySelectorAll("a[data-open]").forEach(function (a) { a.href = openLink(a.dataset.open); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();

  function run() {
    var frames = Array.prototype.slice.call(document.querySelectorAll("iframe[data-figure]"));

    function whenRunning(frame, fn) {
      var tries = 0;
      (function poll() {
        var f = null;
        try { f = frame.contentWindow && frame.contentWindow.flatland; } catch (e) { f = null; }
        if (f && f.frames >= 1) { fn(); return; }
        if (++tries < 600) setTimeout(poll, 200);
      })();
    }

    function start(frame) {
      frame.dataset.started = "1";
      var load = frame.dataset.load = String((parseInt(frame.dataset.load, 10) || 0) + 1);
      delete frame.dataset.running;
      frame.addEventListener("load", function () {
        whenRunning(frame, function () {
          if (frame.dataset.load !== load) return; // reloaded meanwhile
          frame.dataset.running = "1";
          post(frame, { flatland: frame.dataset.visible === "0" ? "pause" : "resume" });
          // Changes relayed while this program was still starting were lost: send the current set.
          if (Object.keys(shared).length) post(frame, { flatland: "params", params: shared });
        });
      }, { once: true });
      var autoplay = !!frame.dataset.autoplay;
      delete frame.dataset.autoplay;
      frame.srcdoc = frameDocument(frame.dataset.figure, autoplay);
    }

    var io = typeof IntersectionObserver !== "function" ? null : new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        var frame = e.target;
        frame.dataset.visible = e.isIntersecting ? "1" : "0";
        if (e.isIntersecting && !frame.dataset.started) start(frame);
        else if (frame.dataset.running) post(frame, { flatland: e.isIntersecting ? "resume" : "pause" });
      });
    }, { rootMargin: "150px 0px" });
    frames.forEach(function (f) {
      if (io) io.observe(f);
      else start(f);
    });

    // The sender is known by its window: on file:// every origin is the opaque "null", so event.origin
    // cannot tell this page's frames from any other page.
    window.addEventListener("message", function (ev) {
      var from = null;
      frames.forEach(function (f) { if (f.contentWindow && f.contentWindow === ev.source) from = f; });
      var d = ev.data;
      if (!from || !d || d.flatland !== "state" || typeof d.params !== "object" || d.params === null) return;
      var params = {};
      Object.keys(d.params).forEach(function (k) {
        var v = d.params[k];
        if (PAGE_ONLY[k] || v === undefined || v === null) return;
        if (shared[k] !== String(v)) params[k] = String(v);
      });
      if (Object.keys(params).length === 0) return;
      Object.assign(shared, params);
      frames.forEach(function (f) {
        if (f !== from && f.dataset.started) post(f, { flatland: "params", params: params });
      });
      writeAddress();
    });
    refreshLinks();

    // writeAddress puts the shared settings in the address, after the lesson's lesson= and step=.
    function writeAddress() {
      var cur = new URLSearchParams(location.search);
      var q = new URLSearchParams();
      ["lesson", "step"].forEach(function (k) { if (cur.has(k)) q.set(k, cur.get(k)); });
      Object.keys(shared).forEach(function (k) { q.set(k, shared[k]); });
      q = q.toString();
      try {
        history.replaceState(null, "", location.pathname + (q ? "?" + q : "") + location.hash);
      } catch (e) {
        // some browsers refuse to rewrite file:// addresses; the links below still carry the settings
      }
      refreshLinks();
    }

    // For the guided lesson (flatland.js): set parameters of every figure as the reader would, and
    // restart a figure with autoplay=1 (a page parameter that no message may change).
    window.flatlandExplorer = {
      apply: function (given) {
        var changed = {};
        Object.keys(given || {}).forEach(function (k) {
          var v = given[k];
          if (PAGE_ONLY[k] || v === undefined || v === null) return;
          if (shared[k] !== String(v)) changed[k] = String(v);
        });
        if (Object.keys(changed).length === 0) return;
        Object.assign(shared, changed);
        frames.forEach(function (f) {
          if (f.dataset.running) post(f, { flatland: "params", params: changed });
        });
        writeAddress();
      },
      autoplay: function (name) {
        frames.forEach(function (f) {
          if (f.dataset.figure !== name) return;
          f.dataset.autoplay = "1";
          if (f.dataset.started) start(f); // else it starts with autoplay=1 when scrolled near
        });
      },
      shared: function () { return Object.assign({}, shared); }
    };
  }
})();
