/*
 * Flatland guided lesson: ?lesson=NAME&step=K on the explorer (index.html). flatland.js loads this
 * script when the address has lesson=; the explorer provides window.flatlandExplorer.
 */
(function () {
  "use strict";

  var query = new URLSearchParams(location.search);
  var script = document.currentScript;
  if (!query.has("lesson") || query.has("figure")) return; // (the single file always includes this script)

  // Steps through the two transitions on the explorer: each step sets the figures' parameters (through
  // window.flatlandExplorer, which the explorer of the site and of the single file provide), scrolls its
  // figure into view, and shows a caption and a question. Every number in a caption was computed with
  // the flatland command line at the state the step sets (commands named next to each step). The
  // diagram's steps pin its simulation marks to CP+R, the algorithm their captions quote.

  var LESSON_BASE = { "alpha-d": "1", act: "sign", labels: "teacher", algo: "rsgd", n: "301", seed: "1" };

  var LESSONS = {
    transitions: {
      title: "Two transitions",
      steps: [
        { // flatland rf interpolation -alpha-d 1 (0.934798); flatland rf le-threshold -alpha-d 1 (0.802 ± 0.002)
          figure: "diagram", params: { alpha: "0.4", simalgo: "cpr" },
          title: "The diagram and its two lines",
          caption: "Each point of the diagram is a network: α = P/N training examples per weight and " +
            "α_D = D/N input size per weight. The interpolation line α_c marks where zero-error solutions stop " +
            "existing; the local-entropy line α_LE marks where wide, flat regions of solutions disappear. " +
            "At α_D = 1 they sit at α_c ≈ 0.935 and α_LE ≈ 0.802.",
          question: "Which line lies lower, and why can flat regions never outlast the solutions themselves?"
        },
        { // flatland sweep -model rf -labels teacher -act sign -n 201 -alpha-d 1 -seed 1 -algo cpr -samples 3
          //   -alphas 0.2,0.4,0.6,0.8,0.846,0.891,1.2 (the figure's own column): 3/3 up to 0.846, 0/3 at 0.891 and 1.2
          figure: "diagram", params: { alpha: "0.4", simalgo: "cpr" },
          title: "Below α_LE: training succeeds",
          caption: "The picked point α = 0.4, α_D = 1 lies below both lines. The dots of its column are quick " +
            "simulations with CP+R (clipped perceptron with reinforcement, a fast solver that lands in flat " +
            "regions; N = 201, three instances per α): at α = 0.2, 0.4, 0.6 and 0.8 it solves all three.",
          question: "Typical solutions vastly outnumber flat ones. Why would an efficient algorithm end up in a flat region?"
        },
        { // the same sweep: its two points inside the gap are 0.846 (3/3 solved) and 0.891 (0/3)
          figure: "diagram", params: { alpha: "0.88", simalgo: "cpr" },
          title: "Inside the gap: solutions exist, algorithms stall",
          caption: "Now α = 0.88: between α_LE ≈ 0.802 and α_c ≈ 0.935, solutions still exist but no flat " +
            "region does. The column has two extra points inside this gap. At the upper one CP+R solves none " +
            "of its three instances; at the lower one, close to α_LE, it still solves all three: 201 weights " +
            "blur a threshold that is sharp only for very large networks.",
          question: "What would you expect at the lower gap point for a network ten times larger?"
        },
        { // flatland train -model rf -labels teacher -act sign -n 301 -alpha 0.88 -alpha-d 1 -seed 1 -algo rsgd -test 1000
          //   (not solved: frozen after 463 epochs, train_error 0.0113 = 3/265; at -alpha 0.4: solved in 28 epochs)
          figure: "train", params: { alpha: "0.88" }, autoplay: true,
          title: "Training at α = 0.88",
          caption: "The training figure now runs rSGD (replicated stochastic gradient descent: coupled replicas " +
            "that seek flat regions) at α = 0.88 with N = 301 weights and 265 examples. Zero-error solutions " +
            "exist here, yet the same run on the command line stops after 463 epochs, its weights frozen, with 3 " +
            "of the 265 examples still wrong. (At α = 0.4 it reaches zero errors in 28 epochs.)",
          question: "Watch the training errors: where do they stop falling, and does a longer run look likely to help?"
        },
        { // flatland rf local-entropy -alpha 0.6 -alpha-d 1 (d from 0.005; the figure's curves start at 0.004)
          figure: "entropy", params: { alpha: "0.6" },
          title: "Typical solutions are isolated",
          caption: "The local entropy counts the solutions at Hamming distance d from a reference solution. " +
            "At α = 0.6, around a typical solution it is −0.010 at d = 0.005: negative, so no other solution " +
            "lies that close, a sharp isolated minimum. Around the flat reference it is 0.031, 98% of the " +
            "upper bound H₂(d), and it rises monotonically with d.",
          question: "What does a negative local entropy mean for an algorithm that moves by flipping a few weights?"
        },
        { // flatland rf local-entropy -alpha 0.88 -alpha-d 1
          figure: "entropy", params: { alpha: "0.88" },
          title: "Above α_LE the flat curve bends down",
          caption: "At α = 0.88, above α_LE, even the flattest reference has no dense neighbourhood: its curve " +
            "is −0.020 at d = 0.005, falls to about −0.029 near d = 0.02 and only then rises. A curve that is " +
            "not monotone means the dense region has broken up; where that first happens as α grows is the " +
            "local-entropy transition.",
          question: "Move α between 0.6 and 0.88: where does the flat curve first stop rising steadily?"
        },
        { // the figure's flatland flatness ... -algos sa,rsa -flips 100: local energy at 3 flips 0.081 (sa), 0.024 (rsa)
          figure: "landscape", params: { alpha: "0.4" },
          title: "Sharp and flat minima",
          caption: "Back at α = 0.4: a solution found by simulated annealing (SA) and one found by replicated " +
            "SA. Flip a random 1% of the weights (3 of 301) and SA's solution misclassifies about 8% of the " +
            "training examples, the replicated one about 2%. The SA minimum is sharp; the other sits in a wide, flat valley.",
          question: "Which of the two would you trust more if the weights were stored with a few bit errors?"
        },
        { // flatland rf generalization -alpha-t 0.4 -points 16 -n-over-p-min 0.35 -n-over-p-max 10
          figure: "generalization", params: { alpha: "0.4" },
          title: "Flat minima generalize better",
          caption: "With a teacher behind the labels we can test on new examples. At P/D = 0.4, theory gives, " +
            "at N/P = 10 weights per example, 45.4% test errors for typical solutions, 39.2% for flat minima " +
            "and 37.6% for the Bayes-optimal prediction. Flat minima do better than typical solutions at every " +
            "width where solutions exist.",
          question: "Why might the solutions that are easiest to find also be the ones that predict best?"
        }
      ]
    }
  };

  function lesson() {
    var name = query.get("lesson");
    var def = LESSONS[name];
    var main = document.querySelector("main") || document.body;
    if (!def) {
      var p = document.createElement("p");
      p.className = "callout warn";
      p.setAttribute("role", "alert");
      p.textContent = "There is no lesson called “" + String(name).slice(0, 40) + "”. Available: " +
        Object.keys(LESSONS).map(function (k) { return "?lesson=" + k; }).join(", ") + ".";
      main.insertBefore(p, main.firstChild);
      return;
    }
    var steps = def.steps;
    var index = parseInt(query.get("step"), 10);
    if (!(index >= 1 && index <= steps.length)) index = 1; // a bad step= opens the first step

    var panel = document.createElement("section");
    panel.className = "lesson";
    panel.id = "lesson";
    panel.setAttribute("aria-label", "Lesson: " + def.title);
    panel.innerHTML =
      '<p class="lesson-head"><span class="lesson-name"></span> · <span class="lesson-count" aria-live="polite"></span></p>' +
      '<h2 class="lesson-title"></h2><p class="lesson-caption"></p><p class="lesson-question"></p>' +
      '<p class="lesson-nav"><button type="button" class="button" data-lesson="back">← Back</button> ' +
      '<button type="button" class="button" data-lesson="next">Next →</button> ' +
      '<button type="button" class="button quiet" data-lesson="leave">Leave the lesson</button>' +
      '<span class="lesson-keys">or the ← → keys</span></p>';
    panel.querySelector(".lesson-name").textContent = "Lesson: " + def.title;
    document.body.appendChild(panel);
    document.documentElement.classList.add("in-lesson");

    var back = panel.querySelector('[data-lesson="back"]');
    var next = panel.querySelector('[data-lesson="next"]');
    back.addEventListener("click", function () { go(index - 1); });
    next.addEventListener("click", function () { go(index + 1); });
    panel.querySelector('[data-lesson="leave"]').addEventListener("click", leave);

    function onKey(ev) {
      if (ev.defaultPrevented || ev.altKey || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
      var t = ev.target;
      if (t && (t.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(t.tagName))) return;
      if (ev.key === "ArrowRight") { ev.preventDefault(); go(index + 1); }
      else if (ev.key === "ArrowLeft") { ev.preventDefault(); go(index - 1); }
    }
    document.addEventListener("keydown", onKey);

    // The explorer (site or single file) may set up its hook after this runs: wait for it briefly.
    var tries = 0;
    (function wait() {
      if (window.flatlandExplorer) { show(true); return; }
      if (++tries < 100) { setTimeout(wait, 50); return; }
      panel.querySelector(".lesson-caption").textContent = "The figures of this page did not start, so the lesson cannot set them.";
    })();

    function go(i) {
      if (i < 1 || i > steps.length || i === index) return;
      index = i;
      show(false);
    }

    function show(first) {
      var step = steps[index - 1];
      panel.dataset.step = String(index);
      panel.querySelector(".lesson-count").textContent = "step " + index + " of " + steps.length;
      panel.querySelector(".lesson-title").textContent = step.title;
      panel.querySelector(".lesson-caption").textContent = step.caption;
      panel.querySelector(".lesson-question").textContent = step.question;
      back.disabled = index === 1;
      next.disabled = index === steps.length;
      var ex = window.flatlandExplorer;
      // step= first: the explorer writes its settings after lesson= and step=.
      var q = new URLSearchParams(location.search);
      q.set("lesson", name);
      q.set("step", String(index));
      setAddress("?" + q.toString());
      ex.apply(Object.assign({}, LESSON_BASE, step.params));
      if (step.autoplay) ex.autoplay(step.figure);
      var target = document.querySelector('iframe[data-figure="' + step.figure + '"]');
      var box = target && (target.closest("figure") || target);
      if (box) box.scrollIntoView({ block: "start", behavior: first ? "auto" : "smooth" });
      document.querySelectorAll("figure.lesson-target").forEach(function (f) { f.classList.remove("lesson-target"); });
      if (box) box.classList.add("lesson-target");
    }

    function leave() {
      document.removeEventListener("keydown", onKey);
      panel.remove();
      document.documentElement.classList.remove("in-lesson");
      document.querySelectorAll("figure.lesson-target").forEach(function (f) { f.classList.remove("lesson-target"); });
      var q = new URLSearchParams(location.search);
      q.delete("lesson");
      q.delete("step");
      var s = q.toString();
      setAddress(s ? "?" + s : "");
    }

    function setAddress(search) {
      try {
        history.replaceState(null, "", location.pathname + search + location.hash);
      } catch (e) {
        // some browsers refuse to rewrite file:// addresses; the lesson still works
      }
    }
  }

  function start() {
    if (script && script.src) { // the lesson's styles sit next to this script
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = new URL("lesson.css", script.src).href;
      document.head.appendChild(css);
    }
    lesson();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
