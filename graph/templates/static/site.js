// A site read from the disk (file://) or from a static host has no SPARQL endpoint: its SPARQL
// links lead to the page that says so (sparql.html) instead of a missing file.
(function () {
  const links = document.querySelectorAll("a.sparql[data-static]");
  if (!links.length) return;
  const fallback = () => links.forEach((a) => { a.href = a.dataset.static; a.title = "this copy of the site has no SPARQL endpoint"; });
  if (location.protocol === "file:") { fallback(); return; }
  fetch(links[0].href, { method: "HEAD" }).then((r) => { if (!r.ok) fallback(); }, fallback);
})();
