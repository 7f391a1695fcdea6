// Search over the labels and symbols of the site's things (static/search.json, written at publish time).
(function () {
  const box = document.getElementById("search"), hits = document.getElementById("hits");
  if (!box) return;
  let index = null;
  const load = () => index ? Promise.resolve(index) :
    fetch("static/search.json").then(r => r.json()).then(data => (index = data));
  box.addEventListener("input", () => {
    const q = box.value.trim().toLowerCase();
    hits.replaceChildren();
    if (!q) return;
    load().then(items => {
      for (const [label, href] of items.filter(([l]) => l.toLowerCase().includes(q)).slice(0, 30)) {
        const li = document.createElement("li"), a = document.createElement("a");
        a.href = href; a.textContent = label; li.append(a); hits.append(li);
      }
    });
  });
})();
