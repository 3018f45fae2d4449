/*
 * Flatland page script (no dependencies, nothing fetched from another origin).
 *
 *  - On a figure page (<script src="flatland.js" data-figure="NAME">) and on the site root with
 *    ?figure=NAME, it boots the WebAssembly program: checks WebAssembly and WebGL 2, shows a loading
 *    indicator until the first frame is drawn, and a plain message when something is missing.
 *  - On the explorer (data-mode="explorer") it lazy-loads the figure iframes, pauses the ones that are
 *    off-screen, and relays {flatland:"state"} from one figure to the others as {flatland:"params"}.
 *  - On the embed guide (data-mode="embed") it fills in this site's address and runs the snippet builder.
 *
 * The program publishes window.flatland = {figure, params, progress, error, fps, frames, ready} every
 * frame and listens for postMessage {flatland:"pause"|"resume"} and {flatland:"params", params}.
 *
 * Single-file builds (flatland.html, flatland-NAME.html, made by build/sitegen) inline this script,
 * the glue and the module (gzip, then base128 text in <script id="flatland-module">), so they open from
 * file:// with no server; their figure frames (srcdoc, same origin) share the host page's module.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var base = siteBase(); // the site root: flatland.js lives there
  // The figure list comes from the program's figure catalog: the build writes it between the markers.
  // flatland:figures
  var FIGURES = [];
  var TITLES = {};
  var PHRASES = {};
  var BUILD = { version: "dev", commit: "" };
  // end flatland:figures
  // Parameters that describe one page rather than the shared physical setting. origin= is an
  // embedder's declaration about its own page: passed on, it would make the figures refuse the explorer.
  // (theme= is shared: every figure of the explorer takes the explorer's theme.)
  // lesson= and step= belong to the guided lesson of the explorer page.
  var PAGE_ONLY = { figure: 1, controls: 1, hide: 1, autoplay: 1, origin: 1, lesson: 1, step: 1 };

  var query = new URLSearchParams(location.search);
  var pageFigure = script.dataset.figure || "";
  var mode = script.dataset.mode || "";

  if (pageFigure || (mode === "explorer" && query.has("figure"))) {
    // Hide everything but the canvas before the first paint and before Ebiten measures the body.
    document.documentElement.classList.add("figure-mode");
    onReady(function () { bootFigure(pageFigure || query.get("figure") || ""); });
  } else if (mode === "explorer") {
    onReady(function () { if (!embeddedModuleText()) fileNotice(); explorer(); });
  } else if (mode === "embed") {
    onReady(embedGuide);
  }
  onReady(fillCitation); // the explorer's "Cite" section (any mode: a page without it is left alone)
  // The guided lesson (lesson.js) steers the explorer through window.flatlandExplorer; the site's
  // navigation offers it (the single file inlines lesson.js).
  if (mode === "explorer" && !query.has("figure")) {
    if (query.has("lesson") && base && !embeddedModuleText()) {
      loadScript(new URL("lesson.js", base).href).catch(function (err) { console.warn("flatland:", err); });
    }
    onReady(function () {
      var nav = document.querySelector("nav.site-nav");
      if (!nav || nav.querySelector("a[data-lesson-link]")) return;
      var a = document.createElement("a");
      a.href = "?lesson=transitions";
      a.dataset.lessonLink = "1";
      a.textContent = "Guided lesson";
      nav.appendChild(a);
    });
  }

  // siteBase is the directory of this script, or of the page when the script is inline (single files;
  // a srcdoc frame has no usable address: then null, and nothing is loaded by address).
  function siteBase() {
    try { return new URL(".", script.src || document.baseURI); } catch (e) { return null; }
  }

  // fileNotice explains, on top of the explorer, why its figures cannot load when the site folder
  // was opened from the disk (file://): browsers refuse fetch() there.
  function fileNotice() {
    if (location.protocol !== "file:") return;
    var main = document.querySelector("main") || document.body;
    var p = document.createElement("p");
    p.className = "callout warn";
    p.id = "flatland-file-notice";
    p.setAttribute("role", "alert");
    p.textContent = FILE_ADVICE.title + ". " + FILE_ADVICE.detail("flatland.html", false);
    main.insertBefore(p, main.firstChild);
  }

  function onReady(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  // ---------------------------------------------------------------- figure boot

  function statusBox() {
    var box = document.getElementById("flatland-status");
    if (!box) {
      box = document.createElement("div");
      box.id = "flatland-status";
      box.setAttribute("role", "status");
      box.setAttribute("aria-live", "polite");
      document.body.appendChild(box);
    }
    box.className = "status";
    return box;
  }

  function setStatus(box, title, detail, busy) {
    box.textContent = "";
    if (busy) {
      var s = document.createElement("div");
      s.className = "spinner";
      box.appendChild(s);
    }
    var p = document.createElement("p");
    p.textContent = title;
    box.appendChild(p);
    if (detail) {
      var d = document.createElement("p");
      d.className = "detail";
      d.textContent = detail;
      box.appendChild(d);
    }
  }

  function showError(box, title, detail) {
    box.className = "status error";
    box.textContent = "";
    box.setAttribute("role", "alert");
    var h = document.createElement("h2");
    h.textContent = title;
    box.appendChild(h);
    var p = document.createElement("p");
    p.textContent = detail;
    box.appendChild(p);
  }

  // missingFeature returns what this browser lacks to run a figure, in plain language, or null.
  function missingFeature() {
    if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") {
      return {
        title: "WebAssembly is not available",
        detail: "This figure is computed in your browser with WebAssembly, which this browser does not " +
          "provide or has turned off. Any recent Firefox, Chrome, Edge or Safari can show it."
      };
    }
    var gl = null;
    try { gl = document.createElement("canvas").getContext("webgl2"); } catch (e) { gl = null; }
    if (!gl) {
      return {
        title: "WebGL 2 is not available",
        detail: "This figure is drawn with WebGL 2, which is unavailable here: it may be turned off, or " +
          "graphics acceleration may be disabled. Try another browser, or enable hardware acceleration."
      };
    }
    var lose = gl.getExtension("WEBGL_lose_context");
    if (lose) lose.loseContext();
    return null;
  }

  // What to do when the site was opened from the disk: the single file next to the page, or a server.
  var FILE_ADVICE = {
    title: "This page was opened from a file, and browsers do not let it load the simulation from there",
    // single: the single file to open instead; figurePage: this page sits in figures/, below the site folder.
    detail: function (single, figurePage) {
      var folder = figurePage ? "the site's folder (the one above, with index.html)" : "this folder";
      return "Open " + single + " from " + folder + " instead: one file with everything inside, it works " +
        "without a server and without a network. Or serve " + folder + " with any static web server, e.g. run " +
        "python3 -m http.server in it and open http://localhost:8000/ (from the source code: make serve).";
    }
  };

  function loadScript(url) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = url;
      s.onload = resolve;
      s.onerror = function () { reject(new Error("could not load " + url)); };
      document.head.appendChild(s);
    });
  }

  function fetchOK(url) {
    return fetch(url).then(function (res) {
      if (!res.ok) throw new Error(url + ": HTTP " + res.status);
      return res;
    });
  }

  function instantiate(url, imports) {
    var slow = function () {
      return fetchOK(url)
        .then(function (res) { return res.arrayBuffer(); })
        .then(function (buf) { return WebAssembly.instantiate(buf, imports); })
        .then(function (r) { return r.instance; });
    };
    if (typeof WebAssembly.instantiateStreaming !== "function") return slow();
    // Streaming compiles while downloading; it needs application/wasm, which some hosts do not send.
    return WebAssembly.instantiateStreaming(fetchOK(url), imports)
      .then(function (r) { return r.instance; }, slow);
  }

  // embeddedModuleText is the <script id="flatland-module"> of a single-file build, or null.
  function embeddedModuleText() {
    return document.getElementById("flatland-module");
  }

  // The module text is "base128" (build/sitegen/single.go): 7 bits per ASCII character, most
  // significant first; the codes NUL, CR and "<" cannot stand in an inline script, so each is written
  // with the value after it as one character, BASE128_ESCAPE_START + 128 * index + next.
  var BASE128_ESCAPED = [0, 13, 60], BASE128_ESCAPE_START = 0x100;

  // decodeBase128 turns the text back into bytes and keeps the first length.
  function decodeBase128(text, length) {
    var out = new Uint8Array(length);
    var o = 0, acc = 0, bits = 0;
    function push(v) {
      acc = (acc << 7) | v;
      bits += 7;
      if (bits >= 8) {
        bits -= 8;
        if (o < length) out[o++] = acc >>> bits;
        acc &= (1 << bits) - 1;
      }
    }
    var plain = new Uint8Array(128).fill(1);
    BASE128_ESCAPED.forEach(function (c) { plain[c] = 0; });
    var escapeEnd = BASE128_ESCAPE_START + 128 * BASE128_ESCAPED.length;
    for (var j = 0; j < text.length && o < length; j++) {
      var c = text.charCodeAt(j);
      if (c < 128 && plain[c]) {
        push(c);
      } else if (c >= BASE128_ESCAPE_START && c < escapeEnd) {
        push(BASE128_ESCAPED[(c - BASE128_ESCAPE_START) >> 7]);
        push((c - BASE128_ESCAPE_START) & 127);
      } else {
        throw new Error("the module text is damaged (character " + j + ")");
      }
    }
    if (o < length) throw new Error("the module text is shorter than its stated length");
    return out;
  }

  var embeddedBytes = null, embedded = null; // promises of this page's module, unpacked and compiled once

  // unpackEmbedded returns a promise of the module's bytes, decoded from this page.
  function unpackEmbedded() {
    var el = embeddedModuleText();
    if (!el) return null;
    if (!embeddedBytes) {
      embeddedBytes = Promise.resolve().then(function () {
        if (typeof DecompressionStream !== "function") {
          throw new Error("this browser cannot decompress the simulation (no DecompressionStream: " +
            "it needs Chrome 80, Firefox 113, Safari 16.4 or newer)");
        }
        var packed = decodeBase128(el.textContent, parseInt(el.dataset.length, 10) || 0);
        var stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream("gzip"));
        return new Response(stream).arrayBuffer();
      });
    }
    return embeddedBytes;
  }

  // hostSite is window.flatlandSite of the page that frames this one, when it is of the same origin
  // (a srcdoc figure of flatland.html); else null.
  function hostSite() {
    try {
      return (window.parent !== window && window.parent.flatlandSite) || null;
    } catch (e) {
      return null; // a cross-origin host page
    }
  }

  // embeddedModule returns a promise of the compiled module of a single-file build: from this page, or
  // from the page that frames this one (so the module is unpacked and compiled once for all figures).
  // null on the normal site.
  function embeddedModule() {
    var bytes = unpackEmbedded();
    if (bytes) {
      if (!embedded) embedded = bytes.then(function (b) { return WebAssembly.compile(b); });
      return embedded;
    }
    var host = hostSite();
    return host && typeof host.embeddedModule === "function" ? host.embeddedModule() : null;
  }

  // instantiateEmbedded instantiates the single file's module; should this browser refuse a module
  // compiled in the host page's window, it compiles the host's bytes here instead.
  function instantiateEmbedded(inline, imports) {
    return inline.then(function (mod) {
      return WebAssembly.instantiate(mod, imports).catch(function (err) {
        var host = hostSite();
        var bytes = host && typeof host.embeddedBytes === "function" && host.embeddedBytes();
        if (!bytes) throw err;
        console.warn("flatland: compiling the module in this frame:", err);
        return bytes.then(function (b) { return WebAssembly.instantiate(b, imports); })
          .then(function (r) { return r.instance; });
      });
    });
  }

  // loadModule starts the program's module with go's imports: the embedded copy of a single file, or
  // flatland.wasm from the site (with wasm_exec.js, the glue, loaded first).
  function loadModule(getGo) {
    var inline = embeddedModule();
    if (inline) {
      if (typeof Go !== "function") return Promise.reject(new Error("the single file lacks its glue code"));
      var go = getGo();
      return instantiateEmbedded(inline, go.importObject)
        .then(function (instance) { return { go: go, instance: instance }; });
    }
    if (!base) return Promise.reject(new Error("this page has no address to load the simulation from"));
    return loadScript(new URL("wasm_exec.js", base).href).then(function () {
      var go2 = getGo();
      return instantiate(new URL("flatland.wasm", base).href, go2.importObject)
        .then(function (instance) { return { go: go2, instance: instance }; });
    });
  }

  function bootFigure(name) {
    var box = statusBox();
    var label = PHRASES[name] || "the figure";
    var problem = missingFeature();
    if (problem) {
      showError(box, problem.title, problem.detail);
      window.flatland = { figure: name, params: {}, progress: 0, error: problem.title + ". " + problem.detail,
        fps: 0, frames: 0, ready: false };
      return;
    }
    if (pageFigure) {
      window.flatlandDefaults = Object.assign({}, window.flatlandDefaults || {}, { figure: pageFigure });
    }
    // A figure frame of a single file has no address: its host passes the shared settings here.
    if (script.dataset.params) {
      var given = {};
      new URLSearchParams(script.dataset.params).forEach(function (v, k) { given[k] = v; });
      window.flatlandDefaults = Object.assign({}, window.flatlandDefaults || {}, given);
    }
    var inline = !!embeddedModule();
    setStatus(box, (inline ? "Unpacking " : "Loading ") + label + "…", inline ?
      "Unpacking the simulation stored in this file; everything is computed in your browser." :
      "Downloading the simulation; everything is computed in your browser.", true);
    var started = false;
    // The worker pool (workers.js) is for the site only: a single file keeps every computation on
    // the page. Should it not load, the figures compute on the page too.
    var pool = !inline && base ? loadScript(new URL("workers.js", base).href).catch(function (err) {
      console.warn("flatland: no worker pool:", err);
    }) : Promise.resolve();
    loadModule(function () { return new Go(); })
      .then(function (run) { return pool.then(function () { return run; }); })
      .then(function (run) {
        setStatus(box, "Starting " + label + "…", "Computing the first frame.", true);
        started = true;
        waitFirstFrame(box);
        return run.go.run(run.instance);
      })
      .then(function () {
        // Ebiten never returns while it runs: reaching here means the program stopped.
        var err = window.flatland && window.flatland.error;
        showError(box, "The figure stopped", (err ? err + " " : "") +
          "Reload the page to start it again; the browser console has the details.");
      })
      .catch(function (err) {
        console.warn("flatland:", err);
        if (!started && !inline && location.protocol === "file:") {
          showError(box, FILE_ADVICE.title, pageFigure ? FILE_ADVICE.detail("flatland-" + pageFigure + ".html", true) :
            FILE_ADVICE.detail("flatland.html", false));
          return;
        }
        showError(box, started ? "The figure stopped" : "The figure could not be loaded",
          String((err && err.message) || err) + (inline ? ". Reload the page; if it persists, use a " +
          "recent Firefox, Chrome, Edge or Safari." : ". Check the connection and reload the page."));
      });
  }

  function waitFirstFrame(box) {
    var t0 = performance.now();
    (function check() {
      var f = window.flatland;
      if (f && f.frames >= 1) {
        box.className = "status hidden";
        box.textContent = "";
        watchOwnVisibility();
        describeFigure();
        return;
      }
      if (performance.now() - t0 > 20000 && !box.dataset.slow) {
        box.dataset.slow = "1";
        setStatus(box, "Still starting…", "This machine is slow to compile the simulation; it will appear shortly.", true);
      }
      requestAnimationFrame(check);
    })();
  }

  // A figure pauses itself while it is scrolled out of view, even when the host page does nothing:
  // an IntersectionObserver inside an iframe measures against the top-level viewport.
  function watchOwnVisibility() {
    var canvas = document.querySelector("canvas");
    if (!canvas || typeof IntersectionObserver !== "function") return;
    var last = null;
    new IntersectionObserver(function (entries) {
      var visible = entries[entries.length - 1].isIntersecting;
      if (visible === last) return;
      last = visible;
      // "/" is this page's own origin, also when it is opaque (file://, srcdoc), where location.origin
      // ("null") is no valid target.
      window.postMessage({ flatland: visible ? "resume" : "pause" }, "/");
    }).observe(canvas);
  }

  // ---------------------------------------------------------------- accessibility

  // describeFigure names the canvas for assistive technology (role img, the figure's title) and
  // copies the program's text summary of its key numbers (window.flatland.summary, which changes
  // at most once a second) into a polite live region beside the canvas, visually hidden.
  function describeFigure() {
    // the canvas's focus ring (style.css) shows once the reader uses the keyboard
    document.addEventListener("keydown", function () { document.documentElement.classList.add("keyboard-used"); }, true);
    var canvas = document.querySelector("canvas");
    var region = document.getElementById("flatland-summary");
    if (!region) {
      region = document.createElement("div");
      region.id = "flatland-summary";
      region.className = "visually-hidden";
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      if (canvas && canvas.parentNode) canvas.parentNode.insertBefore(region, canvas.nextSibling);
      else document.body.appendChild(region);
      var keys = document.createElement("p");
      keys.id = "flatland-keys";
      keys.className = "visually-hidden";
      keys.textContent = "Tab moves between the figure's controls, the arrow keys change the focused one, " +
        "H shows the help; Escape, then Tab, leaves the figure.";
      region.parentNode.insertBefore(keys, region.nextSibling);
    }
    function refresh() {
      var f = window.flatland || {};
      if (canvas) {
        var label = "Flatland: " + (TITLES[f.figure] || f.figure || "figure");
        canvas.setAttribute("role", "img");
        if (canvas.getAttribute("aria-label") !== label) canvas.setAttribute("aria-label", label);
        canvas.setAttribute("aria-describedby", region.id + " flatland-keys");
      }
      var text = typeof f.summary === "string" ? f.summary : "";
      if (text && text !== region.textContent) region.textContent = text;
    }
    refresh();
    setInterval(refresh, 1000);
    // Tab moves between the controls drawn in the canvas and wraps around, and the engine keeps every
    // key press, so keyboard focus could never leave the figure: Escape, then Tab (or Shift+Tab), does.
    var leaving = false;
    window.addEventListener("keydown", function (e) {
      if (e.key === "Tab" && leaving && document.activeElement === canvas) {
        e.stopPropagation(); // neither the engine nor the program sees it: the browser moves the focus on
        leaving = false;
        return;
      }
      if (e.key !== "Shift") leaving = e.key === "Escape";
    }, true);
  }

  // ---------------------------------------------------------------- citation

  // fillCitation writes this build's version and commit (and, when served, the site's address) into
  // the @software BibTeX entry of the "Cite" section, and makes its copy buttons work.
  function fillCitation() {
    var software = document.getElementById("cite-software");
    if (!software) return;
    var clean = function (v) { return String(v || "unknown").replace(/[{}\\]/g, ""); };
    var lines = [
      "@software{flatland,",
      "  title   = {Flatland: an in-browser laboratory for learning through atypical phase transitions},",
      "  version = {" + clean(BUILD.version) + "},",
      "  note    = {commit " + clean(BUILD.commit) + "}"
    ];
    var home = base && /^https?:$/.test(base.protocol) ? base.href : "";
    if (home) {
      lines[lines.length - 1] += ",";
      lines.push("  url     = {" + clean(home) + "},");
      lines.push("  urldate = {" + new Date().toISOString().slice(0, 10) + "}");
    }
    lines.push("}");
    var code = software.querySelector("code") || software;
    code.textContent = lines.join("\n");
    var said = document.querySelector(".cite-copied");
    document.querySelectorAll("button[data-cite-copy]").forEach(function (btn) {
      btn.addEventListener("click", function () {
        var el = document.getElementById(btn.dataset.citeCopy);
        var text = el ? el.textContent : "";
        var done = function () { if (said) said.textContent = "BibTeX copied."; };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(done, function () { selectText(el); });
        } else {
          selectText(el); // the reader copies the selection
          if (said) said.textContent = "BibTeX selected: copy it with Ctrl+C (⌘C).";
        }
      });
    });
  }

  // ---------------------------------------------------------------- explorer

  function sharedParams(src) {
    var out = {};
    var add = function (k, v) { if (!PAGE_ONLY[k] && v !== undefined && v !== null) out[k] = String(v); };
    if (src instanceof URLSearchParams) src.forEach(function (v, k) { add(k, v); });
    else Object.keys(src || {}).forEach(function (k) { add(k, src[k]); });
    return out;
  }

  function figureURL(name, params) {
    var q = new URLSearchParams(params).toString();
    return new URL("figures/" + name + ".html" + (q ? "?" + q : ""), base).href;
  }

  // explorer runs the figures of the explorer page in its frames: they load when they come near the
  // viewport, pause when off-screen, and a change in one figure ({flatland:"state"}) is relayed to the
  // others as {flatland:"params"}. On the site a frame loads its figure page by address; in the single
  // file (flatland.html) it is a srcdoc frame (frameDocument), which shares this page's origin and
  // policy, needs no address (file:// frames of other files would be cross-origin) and takes this
  // page's module (embeddedModule): decompressed and compiled once.
  function explorer() {
    var frames = Array.prototype.slice.call(document.querySelectorAll("iframe[data-figure]"));
    var shared = sharedParams(query);
    var single = !!embeddedModuleText();

    // Messages go to the frames' own origin: "/" is this page's origin, which the frames share, also
    // when it is opaque (file://), where location.origin ("null") is no valid target.
    function post(frame, msg) {
      if (frame.contentWindow) frame.contentWindow.postMessage(msg, "/");
    }

    // openLink is the address that opens one figure alone with the shared settings.
    function openLink(name) {
      if (!single) return figureURL(name, shared);
      var q = new URLSearchParams(shared);
      q.set("figure", name);
      return "?" + q.toString();
    }

    function refreshLinks() {
      document.querySelectorAll("a[data-open]").forEach(function (a) { a.href = openLink(a.dataset.open); });
    }

    // Once the program in a frame runs, tell it whether it is visible (messages sent before its
    // listener exists would be lost).
    function whenRunning(frame, fn) {
      var tries = 0;
      (function poll() {
        var f = null;
        try { f = frame.contentWindow && frame.contentWindow.flatland; } catch (e) { f = null; }
        if (f && f.frames >= 1) { fn(); return; }
        if (++tries < 600) setTimeout(poll, 200);
      })();
    }

    // start loads a frame's figure with the shared settings (and autoplay=1 once, if asked).
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
      var params = Object.assign({}, shared);
      if (frame.dataset.autoplay) params.autoplay = "1";
      delete frame.dataset.autoplay;
      if (single) frame.srcdoc = frameDocument(frame.dataset.figure, params);
      else frame.src = figureURL(frame.dataset.figure, params);
    }

    var io = typeof IntersectionObserver !== "function" ? null : new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        var frame = e.target;
        frame.dataset.visible = e.isIntersecting ? "1" : "0";
        if (e.isIntersecting && !frame.dataset.started) {
          start(frame);
        } else if (frame.dataset.running) {
          post(frame, { flatland: e.isIntersecting ? "resume" : "pause" });
        }
      });
    }, { rootMargin: "150px 0px" });
    frames.forEach(function (f) {
      if (io) io.observe(f);
      else start(f); // very old browser: load all, pause none
    });

    // The diagram's picked point (or any user change in one figure) drives the others. The sender is
    // known by its window: on file:// every origin is the opaque "null", so ev.origin cannot tell this
    // page's frames from any other page.
    window.addEventListener("message", function (ev) {
      if (!single && ev.origin !== location.origin) return;
      var d = ev.data;
      if (!d || d.flatland !== "state" || typeof d.params !== "object") return;
      var from = null;
      frames.forEach(function (f) { if (f.contentWindow === ev.source) from = f; });
      if (!from) return;
      // Relay only what changed: a figure that echoes a state it was just given ends the exchange.
      var params = {};
      var all = sharedParams(d.params);
      Object.keys(all).forEach(function (k) { if (shared[k] !== all[k]) params[k] = all[k]; });
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
      var q = lessonQuery();
      Object.keys(shared).forEach(function (k) { q.set(k, shared[k]); });
      q = q.toString();
      try {
        history.replaceState(null, "", location.pathname + (q ? "?" + q : "") + location.hash);
      } catch (e) {
        // some browsers refuse to rewrite file:// addresses; the links still carry the settings
      }
      refreshLinks();
    }

    // For the guided lesson: set parameters of every figure as the reader would, and restart a
    // figure with autoplay=1 (a page-address parameter that no message may change).
    window.flatlandExplorer = {
      apply: function (params) {
        var changed = {};
        var all = sharedParams(params);
        Object.keys(all).forEach(function (k) { if (shared[k] !== all[k]) changed[k] = all[k]; });
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

  // frameDocument is the srcdoc of a single file's figure frame: this page's stylesheet and runtime
  // script, the same texts, so the same Content-Security-Policy hashes allow them.
  function frameDocument(name, params) {
    var runtime = document.getElementById("flatland-runtime");
    var style = document.getElementById("flatland-style");
    var attr = function (v) { return String(v).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;"); };
    return '<!doctype html><html lang="en" class="figure-mode"><head><meta charset="utf-8">' +
      '<style>' + (style ? style.textContent : "") + '<\/style>' +
      '<script data-figure="' + attr(name) + '" data-params="' + attr(new URLSearchParams(params).toString()) + '">' +
      (runtime ? runtime.textContent : "") + '<\/script></head><body></body></html>';
  }

  // lessonQuery holds the lesson= and step= of the address (nothing outside a lesson).
  function lessonQuery() {
    var cur = new URLSearchParams(location.search);
    var q = new URLSearchParams();
    ["lesson", "step"].forEach(function (k) { if (cur.has(k)) q.set(k, cur.get(k)); });
    return q;
  }

  // ---------------------------------------------------------------- embed guide

  // flatlandAutoHeight is the message listener of the auto-height snippet (which holds its source
  // text): a figure sends {flatland:"size", height} when its width changes; the frame it came from (of
  // class flatland-figure, and only from that frame's own origin) takes that height.
  function flatlandAutoHeight(e) {
    var d = e.data;
    if (!d || d.flatland !== "size" || !(d.height >= 100 && d.height <= 4000)) return;
    document.querySelectorAll("iframe.flatland-figure").forEach(function (f) {
      if (f.contentWindow === e.source && new URL(f.src, location.href).origin === e.origin) {
        f.style.height = Math.round(d.height) + "px";
      }
    });
  }

  // autoHeightScript is the snippet's script: flatlandAutoHeight's own text, its indentation removed.
  function autoHeightScript() {
    var lines = String(flatlandAutoHeight).split("\n");
    var indent = lines.slice(1).reduce(function (m, l) {
      return l.trim() ? Math.min(m, l.match(/^ */)[0].length) : m;
    }, Infinity);
    var body = lines.map(function (l, i) { return i === 0 || indent === Infinity ? l : l.slice(indent); });
    return "/* Flatland: each iframe of class flatland-figure takes the height its figure asks for. */\n" +
      body.join("\n") + '\naddEventListener("message", flatlandAutoHeight);';
  }

  function embedGuide() {
    var siteURL = base.href;
    document.querySelectorAll("[data-site-url]").forEach(function (el) { el.textContent = siteURL; });
    document.querySelectorAll("pre[data-template]").forEach(function (pre) {
      pre.textContent = pre.textContent.split("SITE/").join(siteURL);
    });

    var form = document.getElementById("builder");
    var out = document.getElementById("snippet");
    var preview = document.getElementById("preview");
    if (!form || !out) return;

    // fieldValue is what a builder field puts in the address ("" for nothing): a group of
    // checkboxes (hide=) lists the checked ones, a checkbox (autoplay) writes 1 or 0 unless that is
    // the default; fields the chosen figure does not read are disabled and left out.
    function fieldValue(el) {
      if (el.disabled) return "";
      if (el.tagName === "FIELDSET") {
        return Array.prototype.filter.call(el.querySelectorAll("input[type=checkbox]"), function (c) {
          return c.checked && !c.disabled;
        }).map(function (c) { return c.value; }).join(",");
      }
      if (el.type === "checkbox") {
        var v = el.checked ? "1" : "0";
        return v === el.dataset.default ? "" : v;
      }
      return el.value.trim();
    }

    // Fields of parameters the chosen figure does not read are disabled, and hide= while the
    // controls are off.
    function enableFields() {
      var fig = form.figure.value;
      form.querySelectorAll("[data-figures]").forEach(function (el) {
        el.disabled = el.dataset.figures.split(" ").indexOf(fig) < 0;
      });
      form.querySelectorAll("fieldset[data-param=hide]").forEach(function (el) {
        el.disabled = !form.controls.checked;
      });
    }

    function snippet() {
      var fig = form.figure.value;
      var params = new URLSearchParams();
      if (!form.controls.checked) params.set("controls", "0");
      form.querySelectorAll("[data-param]").forEach(function (el) {
        var v = fieldValue(el);
        if (v !== "") params.set(el.dataset.param, v);
      });
      var q = params.toString().replace(/%2C/gi, ","); // hide=act,labels reads better than %2C
      var src = figureURL(fig, {}) + (q ? "?" + q : "");
      var w = parseInt(form.width.value, 10) || 720;
      var h = parseInt(form.height.value, 10) || 480;
      var opt = form.figure.selectedOptions[0] || { dataset: {} };
      var sizing = form.sizing ? form.sizing.value : "fixed";
      var style = "border:0; max-width:100%";
      if (sizing === "aspect") {
        style = "border:0; width:100%; height:auto; aspect-ratio:" + (opt.dataset.width || w) + " / " +
          (opt.dataset.height || h) + "; min-height:" + (opt.dataset.minHeight || 320) + "px";
      } else if (sizing === "auto") {
        style = "border:0; width:100%";
      }
      var sized = sizing === "fixed" ? 'width="' + w + '" height="' + h + '"' : 'height="' + h + '"';
      var html = '<iframe class="flatland-figure" src="' + src.replace(/&/g, "&amp;") + '"\n' +
        '        ' + sized + ' loading="lazy" allow="fullscreen"\n' +
        '        title="Flatland: ' + (TITLES[fig] || fig) + '" style="' + style + '"></iframe>';
      if (sizing === "auto") html += "\n<script>\n" + autoHeightScript() + "\n<\/script>";
      return { src: src, width: w, height: h, sizing: sizing, style: style, html: html };
    }

    function update() { enableFields(); out.textContent = snippet().html; }
    // A new figure choice starts from that figure's recommended size (from the catalog).
    form.figure.addEventListener("change", function () {
      var opt = form.figure.selectedOptions[0];
      if (opt && opt.dataset.width) {
        form.width.value = opt.dataset.width;
        form.height.value = opt.dataset.height;
      }
    });
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    update();

    // The guide applies the size messages of its own preview as the auto-height snippet would.
    window.addEventListener("message", flatlandAutoHeight);

    var show = document.getElementById("show-preview");
    if (show && preview) {
      show.addEventListener("click", function () {
        var s = snippet();
        var f = document.createElement("iframe");
        f.className = "flatland-figure";
        f.src = s.src;
        if (s.sizing === "fixed") f.width = s.width;
        f.height = s.height;
        f.style.cssText = s.style;
        f.title = "Flatland preview";
        preview.textContent = "";
        preview.appendChild(f);
      });
    }

    document.querySelectorAll("button[data-copy]").forEach(function (btn) {
      btn.addEventListener("click", function () {
        var el = document.getElementById(btn.dataset.copy);
        var text = el ? el.textContent : "";
        var done = function () { btn.textContent = "Copied"; setTimeout(function () { btn.textContent = "Copy"; }, 1500); };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(done, function () { selectText(el); });
        } else {
          selectText(el);
        }
      });
    });
  }

  function selectText(el) {
    if (!el) return;
    var r = document.createRange();
    r.selectNodeContents(el);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(r);
  }

  // The digits of the deep figure (sim/mnist's asset format): mnist.bin from the site, or, in a single
  // file, the gzip+base128 text of <script id="flatland-digits">. The module asks once, through
  // window.flatlandDigits(), a promise of the bytes.
  var digits = null;
  function loadDigits() {
    if (digits) return digits;
    var el = document.getElementById("flatland-digits");
    if (el) {
      digits = Promise.resolve().then(function () {
        if (typeof DecompressionStream !== "function") throw new Error("this browser cannot decompress the digits (no DecompressionStream)");
        var packed = decodeBase128(el.textContent, parseInt(el.dataset.length, 10) || 0);
        return new Response(new Blob([packed]).stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
      });
    } else if (embeddedModule()) {
      // a figure frame of the single-file explorer takes the host's copy
      var host = hostSite();
      digits = host && typeof host.digits === "function" ? host.digits() :
        Promise.reject(new Error("this file has no room for the digits: open flatland-deep.html, the single file of this figure, which holds them"));
    } else if (base) {
      digits = fetchOK(new URL("mnist.bin", base).href).then(function (res) { return res.arrayBuffer(); }, function (err) {
        throw new Error("mnist.bin, the digits next to flatland.wasm, did not load (" + err.message + ")");
      });
    } else {
      digits = Promise.reject(new Error("this page has no address to load the digits from"));
    }
    digits = digits.then(function (buf) { return new Uint8Array(buf); }); // (a copy, of this window, from a host's array)
    return digits;
  }
  window.flatlandDigits = loadDigits;

  // For tests and host pages: the figure names this site knows.
  // For tests and host pages: the figure names this site knows, its version, and (single files) the
  // shared module for the figure frames.
  window.flatlandSite = { figures: FIGURES.slice(), titles: TITLES, version: BUILD.version, commit: BUILD.commit,
    embeddedModule: function () { return embeddedModuleText() ? embeddedModule() : null; },
    embeddedBytes: unpackEmbedded,
    digits: function () {
      return document.getElementById("flatland-digits") ? loadDigits() :
        Promise.reject(new Error("this file has no room for the digits: open flatland-deep.html, the single file of this figure, which holds them"));
    } };
})();
