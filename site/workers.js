/*
 * Flatland worker pool: Web Workers that compute the figures' independent pieces (transition-diagram
 * points, the diagram's simulation runs, the deep figure's networks) beside the page, each running
 * flatland-worker.wasm, the simulation core without the front end. The module is compiled once, here, and the compiled module
 * is posted to every worker. Everything comes from this site.
 *
 * window.flatlandPool, for the program (wasm/pool.go):
 *   size, hardware     workers of this pool (0: none) and navigator.hardwareConcurrency
 *   state, error       "idle" (nothing asked yet), "loading", "ready" or "failed" (and why)
 *   warm()             start the pool ahead of the first job (compile the module, start the workers)
 *   submit(id, text)   queue a job (workjob's JSON; the pool starts on the first one)
 *   cancel(id)         drop a job: queued, it never runs; running, its worker is replaced
 *   take()             the replies since the last call (JSON texts, in arrival order)
 *   results            number of results received
 * A pool that cannot start answers every job {type:"unavailable"}: the program then computes on the
 * page as it does without workers. workers=0 in the address turns the pool off, workers=N (1..8)
 * sets its size; by default one per processor, at most 8. While every processor has a busy worker, the
 * page's own computation gets 1 ms a frame (wasm/pool.go) so that it does not take a core from them.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = new URL(".", script.src);
  var hardware = navigator.hardwareConcurrency || 0;

  function wantedSize() {
    var auto = Math.max(1, Math.min(8, hardware || 2));
    var v = new URLSearchParams(location.search).get("workers");
    if (v === null || v === "auto") return auto;
    return /^[0-8]$/.test(v) ? parseInt(v, 10) : auto; // the program reports a bad value
  }

  var size = wantedSize();
  var usable = size > 0 && typeof Worker === "function" && typeof WebAssembly === "object" &&
    typeof WebAssembly.compile === "function" && location.protocol !== "file:";
  var pool = {
    size: usable ? size : 0, hardware: hardware, state: usable ? "idle" : "failed",
    error: usable ? "" : (size === 0 ? "turned off (workers=0)" : "Web Workers are not available here"),
    results: 0, warm: warm, submit: submit, cancel: cancel, take: take
  };
  window.flatlandPool = pool;

  var queue = [];    // {id, text, deep} waiting for a worker
  var replies = [];  // texts for take()
  var workers = [];  // {w, job, ready, digits}
  var compiled = null;
  var digits = null; // promise of the digit bytes, asked for by the first deep job

  function unavailable(id, why) {
    replies.push(JSON.stringify({ id: id, type: "unavailable", error: why }));
  }

  function fail(why) {
    if (pool.state === "failed") return;
    console.warn("flatland: workers unavailable, computing on the page:", why);
    pool.state = "failed";
    pool.error = why;
    workers.forEach(function (x) {
      if (x.job) unavailable(x.job.id, why);
      x.w.terminate();
    });
    workers = [];
    queue.forEach(function (j) { unavailable(j.id, why); });
    queue = [];
  }

  function compile() {
    var url = new URL("flatland-worker.wasm", base).href;
    var slow = function () {
      return fetch(url).then(function (res) {
        if (!res.ok) throw new Error(url + ": HTTP " + res.status);
        return res.arrayBuffer();
      }).then(function (buf) { return WebAssembly.compile(buf); });
    };
    if (typeof WebAssembly.compileStreaming !== "function") return slow();
    return WebAssembly.compileStreaming(fetch(url).then(function (res) {
      if (!res.ok) throw new Error(url + ": HTTP " + res.status);
      return res;
    })).catch(slow);
  }

  function start() {
    pool.state = "loading";
    compiled = compile();
    compiled.then(function (mod) {
      for (var i = 0; i < pool.size; i++) spawn(mod);
    }, function (err) {
      fail("the worker module did not load (" + String((err && err.message) || err) + ")");
    });
  }

  function spawn(mod) {
    var x = { w: null, job: null, ready: false, digits: false };
    try {
      x.w = new Worker(new URL("flatland-worker.js", base).href);
    } catch (err) {
      if (!workers.length) fail("a worker could not start (" + String((err && err.message) || err) + ")");
      return;
    }
    workers.push(x);
    x.w.onmessage = function (e) { received(x, e.data || {}); };
    x.w.onerror = function (e) {
      e.preventDefault();
      lost(x, "a worker stopped (" + (e.message || "script error") + ")");
    };
    x.w.postMessage({ type: "init", module: mod });
  }

  // lost drops a broken worker; its job goes back to the queue once (then it is an error).
  function lost(x, why) {
    var i = workers.indexOf(x);
    if (i < 0) return;
    workers.splice(i, 1);
    x.w.terminate();
    if (x.job) {
      if (x.job.retried) {
        replies.push(JSON.stringify({ id: x.job.id, type: "error", error: why }));
      } else {
        x.job.retried = true;
        queue.unshift(x.job);
      }
      x.job = null;
    }
    if (!workers.length) fail(why);
    else dispatch();
  }

  function received(x, m) {
    switch (m.type) {
      case "ready":
        x.ready = true;
        pool.state = "ready";
        dispatch();
        break;
      case "failed":
        lost(x, m.error || "a worker failed");
        break;
      case "reply":
        replies.push(m.text);
        if (m.last) {
          if (/"type":"result"/.test(m.text)) pool.results++;
          x.job = null;
          dispatch();
        }
        break;
    }
  }

  function dispatch() {
    workers.forEach(function (x) {
      if (!x.ready || x.job || x.waiting || !queue.length) return;
      var job = queue.shift();
      x.job = job;
      if (job.deep && !x.digits) {
        x.waiting = true;
        digits = digits || (typeof window.flatlandDigits === "function" ? window.flatlandDigits() :
          Promise.reject(new Error("this page has no digit loader")));
        digits.then(function (bytes) {
          x.waiting = false;
          if (workers.indexOf(x) < 0) return;
          x.digits = true;
          x.w.postMessage({ type: "digits", bytes: bytes });
          x.w.postMessage({ type: "job", id: job.id, text: job.text });
        }, function (err) {
          x.waiting = false;
          x.job = null;
          replies.push(JSON.stringify({ id: job.id, type: "error", error: String((err && err.message) || err) }));
          dispatch();
        });
        return;
      }
      x.w.postMessage({ type: "job", id: job.id, text: job.text });
    });
  }

  function submit(id, text) {
    if (pool.state === "failed") {
      unavailable(id, pool.error);
      return;
    }
    queue.push({ id: id, text: text, deep: /"kind":"deep-run"/.test(text) });
    if (pool.state === "idle") start();
    else dispatch();
  }

  function warm() {
    if (pool.state === "idle") start();
  }

  function cancel(id) {
    queue = queue.filter(function (j) { return j.id !== id; });
    workers.slice().forEach(function (x) {
      if (!x.job || x.job.id !== id) return;
      // a running job cannot be interrupted: its worker is replaced
      workers.splice(workers.indexOf(x), 1);
      x.w.terminate();
      compiled.then(spawn);
    });
  }

  function take() {
    var out = replies;
    replies = [];
    return out;
  }
})();
