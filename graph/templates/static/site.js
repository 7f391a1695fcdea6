// A site read from the disk (file://) or from a static host has no SPARQL endpoint: its links to
// the endpoint (`sparql`, `sparql?as-of=…`) lead to the page that says so (sparql.html) instead.
(function () {
  const links = [...document.querySelectorAll("a[href]")].filter((a) => /(^|\/)sparql(\?|$)/.test(a.getAttribute("href")));
  if (!links.length) return;
  const fallback = () => links.forEach((a) => {
    a.href = new URL("sparql.html", new URL(a.getAttribute("href"), location.href)).href;
    a.title = "this copy of the site has no SPARQL endpoint";
  });
  if (location.protocol === "file:") { fallback(); return; }
  fetch(links[0].href, { method: "HEAD" }).then((r) => { if (!r.ok) fallback(); }, fallback);
})();

// A fact's IRI leads to its anchor in its paragraph's list of facts (folded): the list is opened.
(function () {
  const open = () => {
    const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    const folded = target && target.closest("details");
    if (folded) { folded.open = true; target.scrollIntoView({ block: "center" }); }
  };
  window.addEventListener("hashchange", open);
  open();
})();
