/*
 * Flatland compute worker: runs the sim-only module (flatland-worker.wasm, wasm/worker) in a Web Worker.
 * The page (workers.js) sends {type:"init", module} once (the module compiled once by the page), then
 * {type:"digits", bytes} before the first deep run and {type:"job", id, text} one at a time. Each job
 * runs to completion here (it blocks this worker only); its progress and its result come back as
 * {type:"reply", id, text, last}. Nothing is fetched but wasm_exec.js, from this site.
 */
"use strict";
importScripts("wasm_exec.js");

var ready = false, dead = "", pending = [];

self.flatlandWorkerReady = function () {
  ready = true;
  postMessage({ type: "ready" });
  var p = pending;
  pending = [];
  p.forEach(handle);
};

function message(err) { return String((err && err.message) || err); }

onmessage = function (e) {
  var m = e.data || {};
  if (m.type === "init") {
    var go = new Go();
    WebAssembly.instantiate(m.module, go.importObject).then(function (instance) {
      go.run(instance).then(function () { dead = "the worker's program stopped"; });
    }).catch(function (err) {
      dead = message(err);
      postMessage({ type: "failed", error: "the worker module did not start: " + dead });
    });
    return;
  }
  if (!ready) { pending.push(m); return; }
  handle(m);
};

function handle(m) {
  if (m.type === "digits") {
    var err = dead || self.flatlandWorker.digits(new Uint8Array(m.bytes));
    postMessage({ type: "digits", error: err });
    return;
  }
  if (m.type !== "job") return;
  var text;
  try {
    if (dead) throw new Error(dead);
    text = self.flatlandWorker.run(m.id, m.text, function (p) {
      postMessage({ type: "reply", id: m.id, text: p, last: false });
    });
  } catch (err) {
    dead = dead || message(err);
    text = JSON.stringify({ id: m.id, type: "error", error: "the worker failed: " + message(err) });
    postMessage({ type: "reply", id: m.id, text: text, last: true });
    postMessage({ type: "failed", error: dead });
    return;
  }
  postMessage({ type: "reply", id: m.id, text: text, last: true });
}
