// Search over the names, labels and symbols of the site's things, in every language. The index is
// a script (static/search-index.js, written at publish time) rather than a JSON file fetched, so
// the search works from the disk (file://) too. A search page of its own reads ?q=.
(function () {
  const box = document.getElementById("search"), hits = document.getElementById("hits");
  if (!box || !hits) return;
  const index = window.palermoSearch || [];
  const show = (text) => {
    const q = text.trim().toLowerCase();
    hits.replaceChildren();
    const count = document.getElementById("count");
    if (!q) { if (count) count.textContent = ""; return; }
    const found = index.filter((entry) => entry[3].includes(q));
    if (count) count.textContent = found.length + " found";
    for (const [label, under, href] of found.slice(0, 100)) {
      const li = document.createElement("li"), a = document.createElement("a");
      a.href = href; a.textContent = label; li.append(a);
      if (under) { const s = document.createElement("small"); s.className = "under"; s.textContent = under; li.append(s); }
      hits.append(li);
    }
  };
  box.addEventListener("input", () => show(box.value));
  const q = new URLSearchParams(location.search).get("q");
  if (q) { box.value = q; show(q); }
})();
