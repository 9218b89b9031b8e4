// Starts the search box in the header. The bundle and base paths come from the page, so the
// site works from any folder (a pull request preview, a sub-path, a local file server).
(function () {
  "use strict";
  var root = document.getElementById("monograph-search");
  if (!root || typeof PagefindUI === "undefined") { return; }
  // Pagefind imports its bundle as a module: it needs an absolute path, not a relative one.
  var absolute = function (path) { return new URL(path, window.location.href).pathname; };
  new PagefindUI({
    element: "#monograph-search",
    bundlePath: absolute(root.getAttribute("data-bundle")),
    baseUrl: absolute(root.getAttribute("data-base") + "/"),
    showImages: false,
    showSubResults: false,
    resetStyles: false,
    pageSize: 8,
    excerptLength: 18,
    debounceTimeoutMs: 60,
    translations: { placeholder: "Search drugs, brands, classes, reactions" }
  });
})();
