// The search box in the header, on Pagefind's JavaScript API.
//
// Why not Pagefind's own UI: for a word every monograph lists, that UI works through every
// match before it shows the first eight; this box asks the engine for the ranked matches and
// loads only the eight it shows ("More results" loads the next eight). The engine is loaded
// when the box gets focus, and the index chunks for the word are fetched while it is typed, so
// the search after the last keystroke finds them already there.
//
// Monograph text is data: titles, brands and excerpts are put in the page as text nodes, and
// only the <mark> highlighting the engine adds is kept as an element.
//
// The bundle and base paths come from the page, so the site works from any folder (a pull
// request preview, a sub-path, a local file server). A large corpus is indexed in several
// bundles (data-merge, space-separated), searched as one.
(function () {
  "use strict";
  var root = document.getElementById("monograph-search");
  if (!root) { return; }
  var PAGE = 8;
  var DEBOUNCE_MS = 60;
  // Pagefind imports its bundle as a module: it needs an absolute path, not a relative one.
  var absolute = function (path) { return new URL(path, window.location.href).pathname; };
  var merge = (root.getAttribute("data-merge") || "").split(" ").filter(function (p) { return p; });

  var el = function (tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) { node.textContent = text; }
    return node;
  };
  var form = el("form", { role: "search", "class": "monograph-search__form" });
  var label = el("label", { "for": "monograph-search-input", "class": "monograph-search__label" },
                 "Search monographs");
  var input = el("input", {
    id: "monograph-search-input", type: "search", "class": "monograph-search__input",
    placeholder: "Search drugs, brands, classes, reactions", autocomplete: "off",
    spellcheck: "false", "aria-controls": "monograph-search-drawer",
    "aria-describedby": "monograph-search-message"
  });
  var drawer = el("div", { id: "monograph-search-drawer", "class": "monograph-search__drawer",
                           hidden: "" });
  var message = el("p", { id: "monograph-search-message", "class": "monograph-search__message",
                          role: "status", "aria-live": "polite" });
  var list = el("ol", { "class": "monograph-search__results" });
  var more = el("button", { type: "button", "class": "monograph-search__more md-button", hidden: "" },
                "More results");
  form.appendChild(label);
  form.appendChild(input);
  drawer.appendChild(message);
  drawer.appendChild(list);
  drawer.appendChild(more);
  root.appendChild(form);
  root.appendChild(drawer);

  var engine = null;
  var load = function () {
    if (engine) { return engine; }
    engine = import(absolute(root.getAttribute("data-bundle") + "pagefind.js")).then(function (pf) {
      return pf.options({
        baseUrl: absolute(root.getAttribute("data-base") + "/"),
        excerptLength: 18,
        // On the page's own thread: from a worker, every match is copied back to the page,
        // which for a word all 10,000 monographs list took longer than the search itself.
        // A search runs once typing pauses, so it does not hold up keystrokes.
        noWorker: true,
        // Bundles score with their own word statistics: weighted match counts rank alike
        // in every bundle, so a class or name hit stays above a mention across bundles.
        ranking: { termFrequency: 0.0 }
      }).then(function () {
        return merge.reduce(function (done, bundle) {
          return done.then(function () { return pf.mergeIndex(absolute(bundle)); });
        }, Promise.resolve());
      }).then(function () { return pf.init(); }).then(function () { return pf; });
    });
    engine.catch(function () { engine = null; });
    return engine;
  };

  // The engine's excerpt is the page's text with "<" and ">" escaped and matched words
  // wrapped in <mark>: the only tags in it are those. Split on them, keep the marks as
  // elements and put everything else in as text.
  var excerpt = function (html) {
    var out = el("p", { "class": "monograph-search__excerpt" });
    html.split(/(<\/?mark>)/).reduce(function (marked, part) {
      if (part === "<mark>") { return true; }
      if (part === "</mark>") { return false; }
      var text = part.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
      if (text) { out.appendChild(marked ? el("mark", {}, text) : document.createTextNode(text)); }
      return marked;
    }, false);
    return out;
  };

  // The results of the latest query; ``serial`` tells a late answer to an older query apart.
  var current = { results: [], shown: 0, serial: 0 };

  // Each result's slot is in the list at once, in rank order, and filled when its text
  // arrives: the first results show without waiting for the slowest of the page.
  var fill = function (item, d) {
    item.removeAttribute("aria-busy");
    item.appendChild(el("a", { "class": "monograph-search__link", href: d.url },
                        (d.meta && d.meta.title) || d.url));
    if (d.meta && d.meta.brands) {
      item.appendChild(el("span", { "class": "monograph-search__brands" }, d.meta.brands));
    }
    item.appendChild(excerpt(d.excerpt || ""));
  };

  var showMore = function (serial) {
    var page = current.results.slice(current.shown, current.shown + PAGE);
    current.shown += page.length;
    more.hidden = current.shown >= current.results.length;
    return Promise.all(page.map(function (r) {
      var item = el("li", { "class": "monograph-search__result", "aria-busy": "true" });
      list.appendChild(item);
      return r.data().then(function (d) {
        if (serial === current.serial) { fill(item, d); }
      }, function () {
        item.removeAttribute("aria-busy");
        item.textContent = "This result could not be loaded.";
      });
    }));
  };

  var search = function (query, serial) {
    return load().then(function (pf) { return pf.search(query); }).then(function (found) {
      if (serial !== current.serial) { return; }
      current.results = found.results;
      current.shown = 0;
      list.textContent = "";
      var n = found.results.length;
      message.textContent = (n === 0 ? "No results" : n === 1 ? "1 result"
        : n.toLocaleString("en-US") + " results") + " for " + query;
      return showMore(serial);
    }, function () {
      if (serial !== current.serial) { return; }
      message.textContent = "Search is unavailable; browse the A to Z list instead.";
    });
  };

  var timer = null;
  var onInput = function () {
    var query = input.value.trim();
    var serial = ++current.serial;
    if (timer) { clearTimeout(timer); }
    if (!query) {
      drawer.hidden = true;
      list.textContent = "";
      message.textContent = "";
      return;
    }
    drawer.hidden = false;
    if (!list.firstChild) { message.textContent = "Searching for " + query; }
    load().then(function (pf) { return pf.preload(query); }).catch(function () {});
    timer = setTimeout(function () { search(query, serial); }, DEBOUNCE_MS);
  };

  var links = function () { return Array.prototype.slice.call(list.querySelectorAll("a")); };
  input.addEventListener("focus", function () {
    load().catch(function () {});
    if (input.value.trim()) { drawer.hidden = false; }
  });
  input.addEventListener("input", onInput);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      input.value = "";
      onInput();
    } else if (event.key === "ArrowDown" && links().length) {
      event.preventDefault();
      links()[0].focus();
    }
  });
  // Arrow keys move through the results; Escape goes back to the box.
  list.addEventListener("keydown", function (event) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && at < all.length - 1) {
      event.preventDefault();
      all[at + 1].focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      (at > 0 ? all[at - 1] : input).focus();
    } else if (event.key === "Escape") {
      input.focus();
    }
  });
  // A click elsewhere on the page closes the results; focusing the box opens them again.
  document.addEventListener("click", function (event) {
    if (!root.contains(event.target)) { drawer.hidden = true; }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = links()[0];
    if (first) { window.location.href = first.href; }
  });
  more.addEventListener("click", function () {
    var before = links().length;
    showMore(current.serial).then(function () {
      var added = links()[before];
      if (added) { added.focus(); }
    });
  });
})();
