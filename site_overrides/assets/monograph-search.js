// Starts the search box in the header. The bundle and base paths come from the page, so the
// site works from any folder (a pull request preview, a sub-path, a local file server). A large
// corpus is indexed in several bundles (data-merge, space-separated), searched as one.
(function () {
  "use strict";
  var root = document.getElementById("monograph-search");
  if (!root || typeof PagefindUI === "undefined") { return; }
  // Pagefind imports its bundle as a module: it needs an absolute path, not a relative one.
  var absolute = function (path) { return new URL(path, window.location.href).pathname; };
  var merge = (root.getAttribute("data-merge") || "").split(" ").filter(function (p) { return p; });
  new PagefindUI({
    element: "#monograph-search",
    bundlePath: absolute(root.getAttribute("data-bundle")),
    mergeIndex: merge.map(function (p) { return { bundlePath: absolute(p) }; }),
    baseUrl: absolute(root.getAttribute("data-base") + "/"),
    showImages: false,
    showSubResults: false,
    resetStyles: false,
    pageSize: 8,
    excerptLength: 18,
    debounceTimeoutMs: 60,
    ranking: { termFrequency: 0.0 },
    translations: { placeholder: "Search drugs, brands, classes, reactions" }
  });
})();
