/* Bouquet: search, on Pagefind's JS API (site/pagefind/pagefind.js, written by
   the build, see src/bouquet/search.py). Loaded on every page as an ES module
   by main.html.

   - The header box (partials/bq-search-box.html): the first results as the
     reader types, in an ARIA 1.2 combobox with a listbox popup, and a link to
     all the results.
   - The search page (search.html): words, sort, facets with counts,
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
/* Pagefind 1.5 matches the query against metadata too: « lieu » holds every
   name and code of a sheet's place (commune, département and its code, région,
   see src/bouquet/search.py), so a query naming a place puts that territory's
   sheets before sheets that only mention the word. */
const RANKING = { metaWeights: { lieu: 10, title: 5 } };

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

/* What the site knows and this script must not spell again, on the script's own tag
   (main.html): the addresses it fetches, relative to the site's root (routes.py), and
   the smallest count that takes the plural (french.py). A module has no
   document.currentScript, hence the lookup. */
const SETTINGS = document.querySelector("script[data-bq-search]").dataset;
const SEARCH_URL = new URL(SETTINGS.bqSearch, BASE);
const SEARCH_INDEX = new URL(SETTINGS.bqSearchIndex, BASE);
const PLURAL_FROM = Number(SETTINGS.bqPluralFrom);

let pagefindPromise = null;

/* Imports and initialises Pagefind once; after a failure, the next call retries. */
function loadPagefind() {
  if (!pagefindPromise) {
    pagefindPromise = (async () => {
      const pagefind = await import(new URL("pagefind.js", SEARCH_INDEX).href);
      // Records' URLs are root-relative (/experiences/slug/): Pagefind prefixes
      // them with the site's path, so that links work under a sub-path.
      await pagefind.options({ baseUrl: BASE.pathname, excerptLength: EXCERPT_WORDS, noWorker: true, ranking: RANKING });
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
  return count >= PLURAL_FROM ? many : one;
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

/* ------------------------------------------------------------ suggestions */

/* « Vouliez-vous dire … » from the site's own vocabulary (titles, places,
   themes), written by the build (src/bouquet/suggest.py) and fetched only when a
   query finds little or names a place or a theme. */
const POOR_RESULTS = 5;     // fewer results than this: look for a better spelling
const SAINT = { st: "saint", ste: "sainte", sts: "saints", stes: "saintes" };
const fetched = new Map();  // file → promise of its JSON

/* The same key as bouquet.geography.fold: accents, case, hyphens and
   apostrophes ignored, St/Ste spelled out. */
function foldKey(text) {
  return (text || "").normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
    .replace(/œ/g, "oe").replace(/æ/g, "ae")
    .split(/[^\p{L}\p{N}]+/u).filter(Boolean).map((word) => SAINT[word] || word).join(" ");
}

/* A file of the search page's vocabulary, fetched once (again after a failure). */
function loadJson(file) {
  if (!fetched.has(file)) {
    const promise = fetch(new URL(file, BASE).href).then((response) => {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    });
    promise.catch(() => fetched.delete(file));
    fetched.set(file, promise);
  }
  return fetched.get(file);
}

/* The territory and theme pages, by the folded names that name them. */
const loadPages = () => loadJson(SETTINGS.bqSearchPages);

/* folded word → [word, count]: the most used spelling of each word. */
async function loadWords() {
  const words = await loadJson(SETTINGS.bqSearchWords);
  const byKey = new Map();
  for (const [word, count] of Object.entries(words)) {
    const key = foldKey(word);
    const known = byKey.get(key);
    if (!known || count > known[1]) byKey.set(key, [word, count]);
  }
  return byKey;
}

/* Damerau-Levenshtein distance (optimal string alignment), given up beyond `limit`. */
function distance(a, b, limit) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = null;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
      if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2] + 1);
      row.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = row;
  }
  return previous[b.length];
}

/* The nearest known spelling of a folded word, or null: one edit for words up
   to five letters, two beyond; ties go to the most used word, then the first
   alphabetically, so that the suggestion is the same on every visit. */
function nearest(key, words) {
  const limit = key.length <= 5 ? 1 : 2;
  let found = null;
  for (const [candidate, [word, count]] of words) {
    const d = distance(key, candidate, limit);
    if (d > limit) continue;
    if (!found || d < found.d || (d === found.d && (count > found.count || (count === found.count && word < found.word)))) {
      found = { d, count, word };
    }
  }
  return found ? found.word : null;
}

/* A better spelling of a query that finds little, or null: each word the
   vocabulary does not know is replaced by its nearest known word. */
function correction(query, words) {
  let changed = false;
  const fixed = query.split(/\s+/).filter(Boolean).map((word) => {
    const key = foldKey(word);
    if (key.length < 4 || /\d/.test(key) || key.includes(" ") || words.has(key)) return word;
    const better = nearest(key, words);
    if (!better) return word;
    changed = true;
    return better;
  });
  return changed ? fixed.join(" ") : null;
}

/* The territory or theme page a query names, as an index in pages.pages, or
   undefined: the whole query, then each of its words, then a name one or two
   edits away (« Cote d'Armor »), then the commune of a result (« Agen » leads to
   Lot-et-Garonne, from the results' « lieu »: Commune. Département (code). Région). */
function pageNamed(query, pages, items) {
  const { keys } = pages;
  const exact = (text) => keys[foldKey(text)];
  let index = exact(query);
  for (const word of query.split(/\s+/)) if (index === undefined) index = exact(word);
  const key = foldKey(query);
  if (index === undefined && key.length >= 4 && !/\d/.test(key)) {
    const limit = key.length <= 5 ? 1 : 2;
    let found;
    for (const [name, page] of Object.entries(keys)) {
      const d = distance(key, name, limit);
      if (d <= limit && (!found || d < found.d || (d === found.d && name < found.name))) found = { d, name, page };
    }
    if (found) index = found.page;
  }
  for (const item of items) {
    if (index !== undefined) break;
    const [commune, departement] = ((item.meta || {}).lieu || "").split(". ");
    if (commune && departement && foldKey(commune) === key) {
      const at = pages.pages.findIndex((page) => page[0] === departement);
      if (at >= 0) index = at;
    }
  }
  return index;
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
  const suggestNode = root.querySelector("[data-bq-suggest]");
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
  let shownItems = [];       // the data of the last results shown (suggestions read their place)
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
    const q = input.value.trim();
    return { q, tri: q && sortSelect.value === "date" ? "date" : "", filters };
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
    syncSort(state);
    applyFilters(state);
  }

  // The menu says the order the results are in: without words there is no relevance,
  // the results come newest first, and the menu shows it (« Pertinence » unavailable).
  function syncSort(state) {
    const relevance = sortSelect.querySelector('option[value=""]');
    if (relevance) relevance.disabled = !state.q;
    sortSelect.value = state.q ? state.tri : "date";
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
    if (suggestNode) suggestNode.replaceChildren();
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
      const items = shownItems;
      list.replaceChildren(...cards);
      updateMore();
      syncSort(state);
      statusNode.textContent = statusText(state, results.length);
      statusNode.removeAttribute("aria-busy");
      await refreshFacets(state, search, mine);
      if (term) await showSuggestions(state, results.length, items, mine);
      // Results, counts and suggestions shown: a mark for tests and tools (scripts/search_budget.py).
      if (mine === sequence) statusNode.dataset.count = String(results.length);
    } catch (error) {
      if (mine !== sequence) return;
      list.replaceChildren();
      moreButton.hidden = true;
      statusNode.removeAttribute("aria-busy");
      statusNode.textContent = "La recherche est indisponible pour le moment.";
    }
  }

  /* « Vouliez-vous dire … » and the page of the place or theme the query names;
     a vocabulary that does not load only leaves the suggestions out. */
  async function showSuggestions(state, count, items, mine) {
    if (!suggestNode) return;
    let corrected = null;
    let page = null;
    try {
      if (count < POOR_RESULTS) corrected = correction(state.q, await loadWords());
      const pages = await loadPages();
      let index = pageNamed(state.q, pages, items);
      if (index === undefined && corrected) index = pageNamed(corrected, pages, []);
      if (index !== undefined) page = pages.pages[index];
    } catch (error) {
      return;
    }
    if (mine !== sequence) return;
    const lines = [];
    if (corrected && foldKey(corrected) !== foldKey(state.q)) {
      const line = el("p", "bq-sp__suggest-line", "Vouliez-vous dire ");
      const link = el("a", "bq-sp__suggest-query", corrected);
      const url = new URL(window.location.href);
      url.searchParams.set("q", corrected);
      link.href = url.pathname + url.search;
      link.dataset.bqQuery = corrected;
      line.append(link, " ?");
      lines.push(line);
    }
    if (page) {
      const line = el("p", "bq-sp__suggest-line", "Voir la page ");
      const link = el("a", "bq-sp__suggest-page", page[0]);
      link.href = new URL(page[1], BASE).href;
      line.append(link, " et toutes ses expériences.");
      lines.push(line);
    }
    suggestNode.replaceChildren(...lines);
  }

  /* The next results' cards: data() fetches one fragment each, only for them. */
  async function nextCards(mine) {
    const batch = results.slice(shown, shown + PAGE_SIZE);
    const items = await Promise.all(batch.map((result) => result.data()));
    if (mine !== sequence) return [];
    shown += items.length;
    shownItems = items;
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

  // A suggested spelling is searched here, as if typed and submitted.
  if (suggestNode) {
    suggestNode.addEventListener("click", (event) => {
      const link = event.target.closest("[data-bq-query]");
      if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button) return;
      event.preventDefault();
      input.value = link.dataset.bqQuery;
      commit(false);
      input.focus();
    });
  }

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
