/* Bouquet: search, on Pagefind's JS API (site/pagefind/pagefind.js, written by
   the build, see src/bouquet/search.py). Loaded on every page as an ES module
   by main.html.

   - The header box (partials/bq-search-box.html): the first results as the
     reader types, in an ARIA 1.2 combobox with a listbox popup, and a link to
     all the results.
   - The search page /recherche/ (search.html): words, sort, facets with counts,
     results loaded ten at a time; the state lives in the URL.

   Progressive enhancement: without this script both are plain GET forms.
   Bytes: Pagefind is only fetched when the reader starts searching (focus on the
   header box) or on the search page; it runs on the main thread (noWorker: one
   file less to download, and searches stay fast at this scale); the filter files
   are only fetched when the facets are opened or used; a result's fragment is
   only fetched when the result is shown. See scripts/search_budget.py.
   Never an inline style nor markup from the index (strict CSP, no injection). */

const MIN_CHARS = 2;        // the header box waits for two characters
const BOX_RESULTS = 5;      // results proposed by the header box
const PAGE_SIZE = 10;       // results shown at a time on the search page
const BOX_DELAY = 200;      // debounce of the header box, ms
const PAGE_DELAY = 300;     // debounce of typing on the search page, ms
const EXCERPT_WORDS = 24;
const FACET_VISIBLE = 8;    // values shown before "Afficher N autres valeurs"

/* ------------------------------------------------------------ site base */

/* Material writes the site's base, relative to the page, in #__config ("." on
   the home page, "../.." two levels down): resolved against the page's address
   it gives the site's root, wherever the site is deployed (/bouquet/…). */
function siteBase() {
  let base = ".";
  const config = document.getElementById("__config");
  if (config) {
    try {
      base = JSON.parse(config.textContent).base || ".";
    } catch (error) {
      base = ".";
    }
  }
  if (!base.endsWith("/")) base += "/";
  return new URL(base, window.location.href);
}

const BASE = siteBase();
const SEARCH_URL = new URL("recherche/", BASE);

let pagefindPromise = null;

/* Imports and initialises Pagefind once; after a failure, the next call retries. */
function loadPagefind() {
  if (!pagefindPromise) {
    pagefindPromise = (async () => {
      const pagefind = await import(new URL("pagefind/pagefind.js", BASE).href);
      // Records' URLs are root-relative (/experiences/slug/): Pagefind prefixes
      // them with the site's path, so that links work under a sub-path.
      await pagefind.options({ baseUrl: BASE.pathname, excerptLength: EXCERPT_WORDS, noWorker: true });
      await pagefind.init();
      return pagefind;
    })();
    pagefindPromise.catch(() => { pagefindPromise = null; });
  }
  return pagefindPromise;
}

/* ------------------------------------------------------------ text helpers */

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

function plural(count, one, many) {
  return count <= 1 ? one : many;
}

function resultsCount(count) {
  if (count === 0) return "Aucun résultat";
  return `${count.toLocaleString("fr-FR")} ${plural(count, "résultat", "résultats")}`;
}

function quoted(text) {
  return `« ${text} »`;
}

let uid = 0;
function nextId(prefix) {
  uid += 1;
  return `${prefix}-${uid}`;
}

/* Pagefind's excerpt is text with <mark> around the matched words. It is parsed
   in an inert document and copied as text and <mark> elements only: nothing
   from the index can become markup. Returns the marked words. */
const parser = new DOMParser();
function excerptParts(excerpt) {
  const doc = parser.parseFromString(`<body>${excerpt || ""}</body>`, "text/html");
  const parts = [];
  const walk = (node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) parts.push({ text: child.textContent, mark: false });
      else if (child.nodeType === Node.ELEMENT_NODE && child.tagName === "MARK") parts.push({ text: child.textContent, mark: true });
      else if (child.nodeType === Node.ELEMENT_NODE) walk(child);
    }
  };
  walk(doc.body);
  return parts;
}

function appendParts(target, parts) {
  for (const part of parts) target.append(part.mark ? el("mark", "", part.text) : part.text);
}

/* Highlighting the teaser: a word is marked when Pagefind marked it in the
   excerpt, or when it starts like a word of the query (accents and case
   ignored, a French plural or feminine ending dropped). */
const STOP_WORDS = new Set(("a au aux avec c ce ces d dans de des du en et l la le les leur leurs ma mes mon n ne "
  + "nos notre nous ou par pas pour qu que qui s sa se ses son sur un une vos votre vous y").split(" "));
const WORD = /([\p{L}\p{N}]+)/u;

function fold(word) {
  return word.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

function matcher(query, parts) {
  const roots = [];
  for (const word of (query || "").split(/[^\p{L}\p{N}]+/u)) {
    const folded = fold(word);
    if (folded.length < 2 || STOP_WORDS.has(folded)) continue;
    const root = folded.replace(/(es|e|s|x)$/, "");
    roots.push(root.length >= 4 ? root : folded);
  }
  const marked = new Set();
  for (const part of parts) {
    if (part.mark) for (const word of part.text.split(/[^\p{L}\p{N}]+/u)) if (word) marked.add(fold(word));
  }
  return (word) => {
    const folded = fold(word);
    return marked.has(folded) || roots.some((root) => folded.startsWith(root));
  };
}

/* Appends `text` with the matching words in <mark>; returns how many. */
function appendHighlighted(target, text, matches) {
  let count = 0;
  for (const piece of (text || "").split(WORD)) {
    if (!piece) continue;
    if (WORD.test(piece) && matches(piece)) {
      target.append(el("mark", "", piece));
      count += 1;
    } else {
      target.append(piece);
    }
  }
  return count;
}

/* The panel shows two lines of teaser: when its first matching word comes
   later, the teaser starts a few words before it. */
function around(text, matches, before = 6) {
  const words = (text || "").split(/(\s+)/);
  const first = words.findIndex((word) => word.trim() && word.split(WORD).some((piece) => WORD.test(piece) && matches(piece)));
  const start = first - 2 * before;
  if (first < 0 || words.slice(0, first).join("").length < 60 || start <= 0) return text;
  return `… ${words.slice(start).join("")}`;
}

/* The excerpt, from a few words before its first mark. */
function leadIn(parts, before = 5) {
  const first = parts.findIndex((part) => part.mark);
  if (first <= 0) return parts;
  const words = parts.slice(0, first).map((part) => part.text).join("").split(/(\s+)/);
  const kept = words.slice(Math.max(0, words.length - 2 * before - 1)).join("").replace(/^\s+/, "");
  return [{ text: kept, mark: false }, ...parts.slice(first)];
}

/* ------------------------------------------------------------ header box */

function setUpHeaderBox(box) {
  const form = box.querySelector(".bq-hsearch__form");
  const input = box.querySelector(".bq-hsearch__input");
  const openButton = box.querySelector(".bq-hsearch__open");
  const link = box.querySelector(".bq-hsearch__link");
  const closeButton = box.querySelector(".bq-hsearch__close");
  const panel = box.querySelector(".bq-hsearch__panel");
  const list = box.querySelector(".bq-hsearch__list");
  const message = box.querySelector(".bq-hsearch__message");
  const allLink = box.querySelector(".bq-hsearch__all");
  const status = box.querySelector("[role=status]");
  if (!form || !input || !panel || !list || !message || !allLink || !status) return;

  // The combobox roles only make sense with the script: they are added here.
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);
  if (link && openButton) {
    link.hidden = true;
    openButton.hidden = false;
  }

  let options = [];       // the <li role=option> shown
  let active = -1;
  let timer = 0;
  let sequence = 0;
  let shownFor = null;    // the query the panel answers

  function openPanel() {
    if (shownFor === null) return;
    panel.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function closePanel() {
    setActive(-1);
    panel.hidden = true;
    input.setAttribute("aria-expanded", "false");
  }

  function setActive(index) {
    if (options[active]) options[active].setAttribute("aria-selected", "false");
    active = index;
    const option = options[active];
    if (option) {
      option.setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function searchPageUrl(query) {
    const url = new URL(SEARCH_URL);
    if (query) url.searchParams.set("q", query);
    return url.href;
  }

  function option(query, data) {
    const meta = data.meta || {};
    const item = el("li", "bq-hsearch__option");
    item.id = nextId("bq-hsearch-option");
    item.setAttribute("role", "option");
    item.setAttribute("aria-selected", "false");
    item.dataset.url = data.url;
    item.append(el("span", "bq-hsearch__title", meta.title || data.url));
    const line = [meta.type === "Bouquet" ? "Bouquet" : "", meta.place, meta.date].filter(Boolean);
    if (line.length) item.append(el("span", "bq-hsearch__meta", line.join(" · ")));
    // The teaser when it holds the words, else Pagefind's excerpt.
    const parts = excerptParts(data.excerpt);
    const snippet = el("span", "bq-hsearch__excerpt");
    const matches = matcher(query, parts);
    if (!appendHighlighted(snippet, around(meta.teaser, matches), matches)) {
      snippet.replaceChildren("… ");
      appendParts(snippet, leadIn(parts));
      snippet.append(" …");
    }
    item.append(snippet);
    return item;
  }

  function render(query, total, items) {
    options = items.map((data) => option(query, data));
    list.replaceChildren(...options);
    active = -1;
    input.removeAttribute("aria-activedescendant");
    list.hidden = options.length === 0;
    message.hidden = options.length !== 0;
    message.textContent = options.length ? "" : `Aucun résultat pour ${quoted(query)}.`;
    allLink.href = searchPageUrl(query);
    allLink.textContent = total ? `Voir tous les résultats (${total.toLocaleString("fr-FR")})` : "Ouvrir la page de recherche";
    status.textContent = total
      ? `${resultsCount(total)} pour ${quoted(query)}${total > options.length ? `, les ${options.length} premiers sont proposés` : ""}.`
      : `Aucun résultat pour ${quoted(query)}.`;
    shownFor = query;
    if (document.activeElement === input) openPanel();
  }

  function showError() {
    options = [];
    list.replaceChildren();
    list.hidden = true;
    message.hidden = false;
    message.textContent = "La recherche est indisponible pour le moment.";
    status.textContent = message.textContent;
    allLink.href = searchPageUrl(input.value.trim());
    shownFor = input.value.trim();
    if (document.activeElement === input) openPanel();
  }

  async function run(query) {
    const mine = ++sequence;
    try {
      const pagefind = await loadPagefind();
      const search = await pagefind.search(query);
      if (mine !== sequence) return;
      // data() fetches one fragment per result: only for the few proposed.
      const items = await Promise.all(search.results.slice(0, BOX_RESULTS).map((result) => result.data()));
      if (mine !== sequence) return;
      render(query, search.results.length, items);
    } catch (error) {
      if (mine === sequence) showError();
    }
  }

  input.addEventListener("focus", () => {
    loadPagefind().catch(() => {});
    if (shownFor !== null && shownFor === input.value.trim()) openPanel();
  });

  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    const query = input.value.trim();
    if (query.length < MIN_CHARS) {
      sequence += 1;
      shownFor = null;
      status.textContent = "";
      closePanel();
      return;
    }
    timer = window.setTimeout(() => run(query), BOX_DELAY);
  });

  input.addEventListener("keydown", (event) => {
    if (event.isComposing) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!options.length) return;
      event.preventDefault();
      const down = event.key === "ArrowDown";
      if (panel.hidden) {
        openPanel();
        setActive(down ? 0 : options.length - 1);
        return;
      }
      let next = active + (down ? 1 : -1);
      if (next >= options.length) next = -1;          // past the last: back to the field
      else if (next < -1) next = options.length - 1;
      setActive(next);
    } else if (event.key === "Enter") {
      if (!panel.hidden && options[active]) {
        event.preventDefault();
        window.location.assign(options[active].dataset.url);
      }
      // Otherwise the form is submitted: the search page, with the words.
    } else if (event.key === "Escape") {
      if (!panel.hidden) {
        event.preventDefault();
        closePanel();
      } else if (box.classList.contains("bq-hsearch--open")) {
        event.preventDefault();
        collapse(true);
      }
    }
  });

  // Pressing an option keeps the focus in the field; a click opens it.
  panel.addEventListener("mousedown", (event) => {
    if (event.target.closest("[role=option]")) event.preventDefault();
  });
  list.addEventListener("click", (event) => {
    const item = event.target.closest("[role=option]");
    if (item) window.location.assign(item.dataset.url);
  });

  form.addEventListener("submit", (event) => {
    if (!input.value.trim()) {
      event.preventDefault();
      window.location.assign(searchPageUrl(""));
    }
  });

  box.addEventListener("focusout", (event) => {
    if (event.relatedTarget && box.contains(event.relatedTarget)) return;
    closePanel();
    // Unfolded on a narrow screen: folds back when the focus goes elsewhere, or
    // when the reader taps outside an empty field.
    if (box.classList.contains("bq-hsearch--open") && (event.relatedTarget || !input.value.trim())) collapse(false);
  });

  // Narrow screens: the field unfolds over the header, and folds back.
  function expand() {
    box.classList.add("bq-hsearch--open");
    openButton.setAttribute("aria-expanded", "true");
    closeButton.hidden = false;
    input.focus();
  }

  function collapse(returnFocus) {
    box.classList.remove("bq-hsearch--open");
    openButton.setAttribute("aria-expanded", "false");
    closeButton.hidden = true;
    closePanel();
    if (returnFocus) openButton.focus();
  }

  if (openButton && closeButton) {
    openButton.addEventListener("click", expand);
    closeButton.addEventListener("click", () => collapse(true));
  }
}

/* ------------------------------------------------------------ search page */

/* Values in display order: years newest first, then « Non datée » (no source date);
   a facet marked data-bq-order="nombre" by the first number of each value, thousands
   separators included (« De 500 à 999 habitants » before « De 1 000 à 1 999 »);
   the rest alphabetically. */
const collator = new Intl.Collator("fr", { sensitivity: "base", numeric: true });
const undatedLast = (value) => (/^\d/.test(value) ? 0 : 1);
const firstNumber = (value) => {
  const match = value.replace(/[\s\u00a0\u202f]/g, "").match(/\d+/);
  return match ? Number(match[0]) : Infinity;
};
function sortValues(facet, values) {
  if (facet.order === "nombre") {
    return values.sort((a, b) => firstNumber(a) - firstNumber(b) || collator.compare(a, b));
  }
  return facet.name === "année"
    ? values.sort((a, b) => undatedLast(a) - undatedLast(b) || collator.compare(b, a))
    : values.sort((a, b) => collator.compare(a, b));
}

function setUpSearchPage(root) {
  const form = root.querySelector("#bq-sp-form");
  const input = root.querySelector("#bq-sp-q");
  const sortSelect = root.querySelector("#bq-sp-tri");
  const filtersSection = root.querySelector("[data-bq-filters]");
  const filtersToggle = root.querySelector(".bq-sp__filters-toggle");
  const activeCounts = root.querySelectorAll("[data-bq-active-count]");
  const resetButton = root.querySelector("[data-bq-reset]");
  const statusNode = root.querySelector("#bq-sp-status");
  const list = root.querySelector("#bq-sp-list");
  const moreButton = root.querySelector("[data-bq-more]");
  const baseTitle = document.title;

  // One facet per fieldset: {name, fieldset, toggle, body, list, more, loading, items: Map(value → item)}.
  const facets = Array.from(root.querySelectorAll("[data-bq-facet]")).map((fieldset) => ({
    name: fieldset.dataset.bqFacet,
    order: fieldset.dataset.bqOrder || "",
    fieldset,
    toggle: fieldset.querySelector(".bq-facet__toggle"),
    active: fieldset.querySelector(".bq-facet__active"),
    body: fieldset.querySelector(".bq-facet__body"),
    list: fieldset.querySelector(".bq-facet__list"),
    more: fieldset.querySelector(".bq-facet__more"),
    loading: fieldset.querySelector(".bq-facet__loading"),
    items: new Map(),
    expanded: false,
    counts: {},
  }));
  const names = facets.map((facet) => facet.name);

  let pagefind = null;
  let current = null;        // the state shown
  let totals = null;         // all values with their counts, once the facets are loaded
  let facetsPromise = null;
  let results = [];
  let shown = 0;
  let sequence = 0;
  let typingTimer = 0;

  /* --- state, URL, form */

  function emptyFilters() {
    return Object.fromEntries(names.map((name) => [name, []]));
  }

  function stateFromUrl() {
    const params = new URLSearchParams(window.location.search);
    const filters = emptyFilters();
    for (const name of names) filters[name] = [...new Set(params.getAll(name).filter(Boolean))];
    return { q: (params.get("q") || "").trim(), tri: params.get("tri") === "date" ? "date" : "", filters };
  }

  function stateFromForm() {
    const filters = emptyFilters();
    for (const facet of facets) {
      if (totals) {
        for (const [value, item] of facet.items) if (item.input.checked) filters[facet.name].push(value);
      } else if (current) {
        filters[facet.name] = [...current.filters[facet.name]];
      }
    }
    return { q: input.value.trim(), tri: sortSelect.value === "date" ? "date" : "", filters };
  }

  function urlFor(state) {
    const params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    for (const name of names) for (const value of state.filters[name]) params.append(name, value);
    if (state.tri) params.set("tri", state.tri);
    const query = params.toString();
    return window.location.pathname + (query ? `?${query}` : "");
  }

  function activeCount(state) {
    return names.reduce((sum, name) => sum + state.filters[name].length, 0);
  }

  function applyToForm(state) {
    input.value = state.q;
    sortSelect.value = state.tri;
    applyFilters(state);
  }

  function applyFilters(state) {
    if (!totals) return;
    for (const facet of facets) {
      const chosen = state.filters[facet.name];
      for (const value of chosen) if (!facet.items.has(value)) addValue(facet, value);
      for (const [value, item] of facet.items) item.input.checked = chosen.includes(value);
    }
  }

  /* Typing adds one history entry, then replaces it while the reader types on;
     any other change adds an entry. */
  function record(state, typing) {
    const url = urlFor(state);
    const entry = { bqSearch: true, typing };
    if (url === window.location.pathname + window.location.search) {
      window.history.replaceState({ ...entry, typing: Boolean(window.history.state && window.history.state.typing) }, "", url);
    } else if (typing && window.history.state && window.history.state.typing) {
      window.history.replaceState(entry, "", url);
    } else {
      window.history.pushState(entry, "", url);
    }
  }

  /* --- facets */

  function addValue(facet, value) {
    const item = el("li", "bq-facet__item");
    const id = nextId("bq-facet-value");
    const box = el("input", "bq-facet__input");
    box.type = "checkbox";
    box.id = id;
    box.name = facet.name;
    box.value = value;
    box.setAttribute("form", form.id);
    const label = el("label", "bq-facet__label");
    label.htmlFor = id;
    const count = el("span", "bq-facet__count");
    label.append(el("span", "bq-facet__value", value), count);
    item.append(box, label);
    facet.list.append(item);
    facet.items.set(value, { li: item, input: box, count });
  }

  /* The filter files are fetched once, when the reader opens a facet or when
     the state already holds filters. */
  function loadFacets() {
    if (!facetsPromise) {
      for (const facet of facets) if (!facet.body.hidden) facet.loading.hidden = false;
      facetsPromise = pagefind.filters().then((all) => {
        for (const facet of facets) {
          for (const value of sortValues(facet, Object.keys(all[facet.name] || {}))) addValue(facet, value);
          facet.loading.hidden = true;
        }
        totals = all;
        applyFilters(current);  // not the words: the reader may be typing
      });
      facetsPromise.catch(() => { facetsPromise = null; });
    }
    return facetsPromise;
  }

  function setFacetOpen(facet, open) {
    facet.toggle.setAttribute("aria-expanded", String(open));
    facet.body.hidden = !open;
  }

  function updateFacet(facet, counts) {
    facet.counts = counts;
    const focused = document.activeElement;
    let visible = 0;
    let extra = 0;
    facet.firstExtra = null;
    for (const item of facet.items.values()) {
      const count = counts[item.input.value] || 0;
      item.count.replaceChildren(el("span", "bq-sr-only", " : "), count.toLocaleString("fr-FR"));
      // Values without results are left out, unless checked (so that they can be unchecked).
      const keep = count > 0 || item.input.checked || item.input === focused;
      if (!keep) {
        item.li.hidden = true;
        continue;
      }
      visible += 1;
      const beyond = visible > FACET_VISIBLE && !item.input.checked && item.input !== focused;
      item.li.hidden = beyond && !facet.expanded;
      if (beyond) {
        extra += 1;
        if (!facet.firstExtra) facet.firstExtra = item;
      }
    }
    facet.more.hidden = extra === 0;
    facet.more.setAttribute("aria-expanded", String(facet.expanded));
    facet.more.textContent = facet.expanded ? "Afficher moins de valeurs" : `Afficher ${extra} ${plural(extra, "autre valeur", "autres valeurs")}`;
    if (!visible) facet.list.setAttribute("data-empty", "");
    else facet.list.removeAttribute("data-empty");
  }

  function updateActive(state) {
    const count = activeCount(state);
    for (const node of activeCounts) node.textContent = count ? ` (${count} ${plural(count, "actif", "actifs")})` : "";
    for (const facet of facets) {
      const chosen = state.filters[facet.name].length;
      facet.active.replaceChildren();
      if (chosen) facet.active.append(` (${chosen}`, el("span", "bq-sr-only", ` ${plural(chosen, "choisi", "choisis")}`), ")");
    }
    resetButton.hidden = count === 0;
  }

  /* --- search */

  function pagefindFilters(state, except) {
    const filters = {};
    for (const name of names) {
      // Values of one filter add up (any); filters narrow each other.
      if (name !== except && state.filters[name].length) filters[name] = { any: state.filters[name] };
    }
    return filters;
  }

  /* A filter's counts take the other filters into account, not its own values
     (they add up): one more search per filter in use, on the words already
     loaded: nothing more is downloaded. */
  async function facetCounts(state, search, mine) {
    const term = state.q || null;
    const counts = {};
    for (const name of names) {
      if (!term && !activeCount(state)) {
        counts[name] = totals[name] || {};
      } else if (!state.filters[name].length) {
        counts[name] = (search.filters || {})[name] || {};
      } else {
        const other = await pagefind.search(term, { filters: pagefindFilters(state, name) });
        if (mine !== sequence) return null;
        counts[name] = (other.filters || {})[name] || {};
      }
    }
    return counts;
  }

  async function refreshFacets(state, search, mine) {
    if (!totals) return;
    const counts = await facetCounts(state, search, mine);
    if (!counts || mine !== sequence) return;
    for (const facet of facets) updateFacet(facet, counts[facet.name]);
  }

  function statusText(state, count) {
    const active = activeCount(state);
    let text = resultsCount(count);
    if (state.q) text += ` pour ${quoted(state.q)}`;
    if (active) text += ` ${plural(active, "avec le filtre choisi", "avec les filtres choisis")}`;
    if (!count) text += ". Essayez d'autres mots ou retirez des filtres";
    else if (state.tri === "date" || !state.q) text += ", des plus récents aux plus anciens";
    return `${text}.`;
  }

  async function runSearch(state) {
    const mine = ++sequence;
    current = state;
    delete statusNode.dataset.count;
    updateActive(state);
    document.title = state.q ? `${quoted(state.q)} – ${baseTitle}` : baseTitle;
    if (!pagefind) return;
    const term = state.q || null;
    if (!term && !activeCount(state)) {
      results = [];
      shown = 0;
      list.replaceChildren();
      moreButton.hidden = true;
      statusNode.removeAttribute("aria-busy");
      statusNode.textContent = "Saisissez des mots, ou ouvrez un filtre pour parcourir les expériences et les bouquets.";
      await refreshFacets(state, null, mine);
      return;
    }
    statusNode.setAttribute("aria-busy", "true");
    try {
      if (activeCount(state)) await loadFacets();
      if (mine !== sequence) return;
      const options = { filters: pagefindFilters(state) };
      // Without words, relevance means nothing: newest first.
      if (state.tri === "date" || !term) options.sort = { date: "desc" };
      const search = await pagefind.search(term, options);
      if (mine !== sequence) return;
      results = search.results;
      shown = 0;
      const cards = await nextCards(mine);
      if (mine !== sequence) return;
      list.replaceChildren(...cards);
      updateMore();
      statusNode.textContent = statusText(state, results.length);
      statusNode.removeAttribute("aria-busy");
      await refreshFacets(state, search, mine);
      // Results and counts shown: a mark for tests and tools (scripts/search_budget.py).
      if (mine === sequence) statusNode.dataset.count = String(results.length);
    } catch (error) {
      if (mine !== sequence) return;
      list.replaceChildren();
      moreButton.hidden = true;
      statusNode.removeAttribute("aria-busy");
      statusNode.textContent = "La recherche est indisponible pour le moment.";
    }
  }

  /* The next results' cards: data() fetches one fragment each, only for them. */
  async function nextCards(mine) {
    const batch = results.slice(shown, shown + PAGE_SIZE);
    const items = await Promise.all(batch.map((result) => result.data()));
    if (mine !== sequence) return [];
    shown += items.length;
    return items.map((data) => resultCard(data, current.q));
  }

  function updateMore() {
    const rest = results.length - shown;
    moreButton.hidden = rest <= 0;
    if (rest <= 0) return;
    const next = Math.min(rest, PAGE_SIZE);
    moreButton.textContent = `Charger ${next} ${plural(next, "résultat", "résultats")} de plus `
      + `(${rest.toLocaleString("fr-FR")} ${plural(rest, "restant", "restants")})`;
  }

  function resultCard(data, query) {
    const meta = data.meta || {};
    const card = el("li", "bq-card bq-result");
    if (meta.type === "Bouquet") card.classList.add("bq-result--bouquet");
    const title = el("h3", "bq-card__title");
    const link = el("a", "bq-card__link", meta.title || data.url);
    link.href = data.url;
    title.append(link);
    const line = el("p", "bq-card__meta bq-result__meta");
    line.append(el("span", "bq-result__type", meta.type || "Expérience"));
    for (const [label, value, className] of [["lieu", meta.place, "bq-card__place"], ["date", meta.date, "bq-result__date"]]) {
      if (!value) continue;
      const sep = el("span", "bq-card__sep", " · ");
      sep.setAttribute("aria-hidden", "true");
      const span = el("span", className);
      span.append(el("span", "bq-sr-only", `, ${label} : `), value);
      line.append(sep, span);
    }
    card.append(title, line);
    const parts = excerptParts(data.excerpt);
    const teaser = el("p", "bq-card__teaser");
    const marks = appendHighlighted(teaser, meta.teaser, matcher(query, parts));
    card.append(teaser);
    // When the words are not in the teaser: where they are, from Pagefind.
    if (query && !marks && parts.some((part) => part.mark)) {
      const excerpt = el("p", "bq-result__excerpt");
      excerpt.append(el("span", "bq-sr-only", "Extrait : "), "… ");
      appendParts(excerpt, parts);
      excerpt.append(" …");
      card.append(excerpt);
    }
    return card;
  }

  function show(state) {
    applyToForm(state);
    return runSearch(state);
  }

  function commit(typing) {
    const state = stateFromForm();
    record(state, typing);
    runSearch(state);
  }

  /* --- events */

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    window.clearTimeout(typingTimer);
    commit(false);
  });

  input.addEventListener("input", () => {
    window.clearTimeout(typingTimer);
    typingTimer = window.setTimeout(() => commit(true), PAGE_DELAY);
  });

  sortSelect.addEventListener("change", () => commit(false));

  root.addEventListener("change", (event) => {
    if (event.target.matches(".bq-facet__input")) commit(false);
  });

  resetButton.addEventListener("click", () => {
    for (const facet of facets) for (const item of facet.items.values()) item.input.checked = false;
    commit(false);
    input.focus();
  });

  moreButton.addEventListener("click", async () => {
    const mine = sequence;
    const cards = await nextCards(mine);
    if (mine !== sequence || !cards.length) return;
    list.append(...cards);
    updateMore();
    // The reader carries on from the first new result.
    cards[0].querySelector("a").focus();
  });

  for (const facet of facets) {
    facet.toggle.addEventListener("click", async () => {
      const open = facet.toggle.getAttribute("aria-expanded") !== "true";
      setFacetOpen(facet, open);
      if (!open || totals || !pagefind) return;
      try {
        await loadFacets();
        // A search started meanwhile refreshes the counts itself.
        const mine = sequence;
        const state = current;
        const search = state.q || activeCount(state)
          ? await pagefind.search(state.q || null, { filters: pagefindFilters(state) })
          : null;
        await refreshFacets(state, search, mine);
      } catch (error) {
        facet.loading.hidden = false;
        facet.loading.textContent = "Les filtres sont indisponibles pour le moment.";
      }
    });
    facet.more.addEventListener("click", () => {
      facet.expanded = !facet.expanded;
      updateFacet(facet, facet.counts);
      if (facet.expanded && facet.firstExtra) facet.firstExtra.input.focus();
    });
  }

  // Narrow screens: the facets fold under one "Filtrer" button.
  filtersToggle.addEventListener("click", () => {
    const open = filtersToggle.getAttribute("aria-expanded") !== "true";
    filtersToggle.setAttribute("aria-expanded", String(open));
    filtersSection.classList.toggle("bq-sp__filters--open", open);
  });

  window.addEventListener("popstate", () => {
    window.clearTimeout(typingTimer);
    const state = stateFromUrl();
    for (const facet of facets) if (state.filters[facet.name].length) setFacetOpen(facet, true);
    show(state);
  });

  /* --- start: the state comes from the address (a shared link, Back) */

  (async () => {
    const state = stateFromUrl();
    current = state;
    applyToForm(state);
    updateActive(state);
    statusNode.textContent = "Chargement de la recherche…";
    try {
      pagefind = await loadPagefind();
    } catch (error) {
      statusNode.textContent = "La recherche est indisponible pour le moment.";
      return;
    }
    filtersSection.hidden = false;
    if (activeCount(state)) {
      for (const facet of facets) if (state.filters[facet.name].length) setFacetOpen(facet, true);
      filtersToggle.setAttribute("aria-expanded", "true");
      filtersSection.classList.add("bq-sp__filters--open");
    }
    window.history.replaceState({ bqSearch: true, typing: false }, "", urlFor(state));
    await show(state);
  })();
}

/* ------------------------------------------------------------ start */

for (const box of document.querySelectorAll("[data-bq-hsearch]")) setUpHeaderBox(box);
const searchPage = document.querySelector("[data-bq-search-page]");
if (searchPage) setUpSearchPage(searchPage);
