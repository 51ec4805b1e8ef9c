// Material for MkDocs' early outdated-banner script (its partials/javascripts/
// outdated.html, mkdocs-material 9.8.1), as a file instead of an inline script so
// that the Content-Security-Policy can allow it without a hash per page depth.
// Shows the "newer edition" banner at once on a page of an edition that Material's
// bundle already found outdated in this session. The edition's root is two
// folders above this file (assets/javascripts/).
var el=document.querySelector("[data-md-component=outdated]"),base=new URL("../..",document.currentScript.src),outdated=__md_get("__outdated",sessionStorage,base);!0===outdated&&el&&(el.hidden=!1)
