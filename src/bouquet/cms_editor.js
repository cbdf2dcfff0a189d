/* Bouquet's part of the web editor (/admin/), loaded after Decap CMS (decap-cms.js).
 *
 * Copied as is by src/bouquet/cms.py; it reads window.BOUQUET_CMS (bouquet-cms-data.js,
 * generated: the geography, the month names, the site's stylesheets) and the rules that
 * cms.py writes into config.yml as `bouquet_rules`.
 *
 * - Widgets: bouquet-string, bouquet-text, bouquet-select, bouquet-image and
 *   bouquet-datetime are Decap's own widgets with an `isValid` that checks the field's
 *   `bouquet_rules` against the rest of the entry (Decap calls it when saving), so
 *   that the form refuses what the checker would refuse: a commune that is not in
 *   the chosen département, a région that is not the département's, an update before
 *   the publication date, an optional rubrique (« Sur le vif », Source, Image) filled
 *   without its required part.
 * - Preview: an experience is drawn with the site's markup and stylesheets
 *   (overrides/experience.html), with French dates.
 * - Start-up: Decap starts by hand (CMS_MANUAL_INIT, set by the data file). When the
 *   build has no GitHub login (index.html then holds #bq-setup, the French
 *   explanation), Decap starts only if a local decap-server answers (`make editeur`),
 *   as Decap itself would detect it; otherwise the explanation stays, with no login
 *   button that leads nowhere.
 *
 * Everything here is a file of the site: it runs under the /admin/ policy
 * (csp.ADMIN_POLICY: scripts from 'self' only, no inline script).
 */
(function () {
  'use strict';

  var CMS = window.CMS;
  var DATA = window.BOUQUET_CMS || { styles: [], months: [], departements: {}, communes: {} };
  var h = window.h;
  var LOCAL_BACKEND = 'http://localhost:8081/api/v1';
  var LOCAL_HOSTS = ['localhost', '127.0.0.1'];

  // --- French messages that say what to do -------------------------------------------

  function frenchMessages() {
    var fr = CMS.getLocale && CMS.getLocale('fr');
    var widget = fr && fr.editor && fr.editor.editorControlPane && fr.editor.editorControlPane.widget;
    if (!widget) return;
    widget.required = 'Le champ « %{fieldLabel} » est obligatoire : remplissez-le.';
    widget.regexPattern = 'Le champ « %{fieldLabel} » n’est pas valide : %{pattern}';
    widget.rangeCount = 'Le champ « %{fieldLabel} » demande entre %{minCount} et %{maxCount} éléments : ajoutez-en ou retirez-en.';
    widget.rangeMin = 'Le champ « %{fieldLabel} » demande au moins %{minCount} élément(s) : ajoutez-en.';
    widget.rangeMax = 'Le champ « %{fieldLabel} » accepte au plus %{maxCount} élément(s) : retirez-en.';
  }

  // --- Place names, as geography.fold() compares them ---------------------------------

  var MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
  var LIGATURES = { 'œ': 'oe', 'æ': 'ae', 'ĳ': 'ij', 'ø': 'o', 'ł': 'l', 'đ': 'd' };
  var SAINT = { st: 'saint', ste: 'sainte', sts: 'saints', stes: 'saintes' };

  function fold(text) {
    var plain = String(text).normalize('NFKD').replace(MARKS, '').toLowerCase()
      .replace(/[œæĳøłđ]/g, function (c) { return LIGATURES[c]; });
    return plain.split(/[^\p{L}\p{N}]+/u).filter(Boolean).map(function (w) { return SAINT[w] || w; }).join(' ');
  }

  var folded = {};
  function communeKeys(code) {
    if (!folded[code]) {
      folded[code] = new Set((DATA.communes[code] || []).map(fold));
    }
    return folded[code];
  }

  // --- Rules -------------------------------------------------------------------------

  function filled(value) {
    if (value === null || value === undefined || value === false) return false;
    if (typeof value === 'string') return value.trim() !== '';
    if (typeof value.some === 'function') return value.some(filled);  // Immutable Map / List
    return true;
  }

  function text(value) {
    return value === null || value === undefined ? '' : String(value).trim();
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  }

  function departementName(code) {
    var d = DATA.departements[code];
    return d ? d.name + ' (' + code + ')' : code;
  }

  var RULES = {
    required_with: function (rule, value, data) {
      return !filled(value) && filled(data.get(rule.field)) ? rule.message : null;
    },
    sibling_required: function (rule, value, data) {
      return filled(value) && !filled(data.getIn(rule.path)) ? rule.message : null;
    },
    commune: function (rule, value, data) {
      var commune = text(value);
      if (!commune) return null;
      var code = text(data.get(rule.departement));
      if (!code) return fill(rule.message_without, { commune: commune });
      if (!communeKeys(code).has(fold(commune))) {
        return fill(rule.message_unknown, { commune: commune, departement: departementName(code) });
      }
      return null;
    },
    region: function (rule, value, data) {
      var region = text(value);
      var d = DATA.departements[text(data.get(rule.departement))];
      if (!region || !d || d.region === region) return null;
      return fill(rule.message, { region: region, expected: d.region, departement: departementName(text(data.get(rule.departement))) });
    },
    not_before: function (rule, value, data) {
      var own = text(value), other = text(data.get(rule.field));
      return own && other && own < other ? fill(rule.message, { other: longDate(other) }) : null;
    },
  };

  /* The entry as it is now. Decap re-renders a control only when its own value
   * changes, so a control's props.entry can predate a change made in another field
   * (a département chosen after the commune was typed): the preview, drawn again on
   * every change, keeps the latest entry here. */
  var latestEntry = null;

  function ruleErrors(props) {
    var rules = props.field.get('bouquet_rules');
    var entry = latestEntry && props.entry && latestEntry.get('collection') === props.entry.get('collection') ? latestEntry : props.entry;
    var data = entry && entry.get('data');
    if (!rules || !data) return null;
    var list = rules.toJS ? rules.toJS() : rules;
    for (var i = 0; i < list.length; i++) {
      var check = RULES[list[i].rule];
      var message = check ? check(list[i], props.value, data) : null;
      if (message) return message;
    }
    return null;
  }

  /* A Decap widget with our rules: its control is Decap's, plus an isValid that Decap's
   * Widget calls on save (after `required` and `pattern`). */
  function registerRuleWidget(baseName) {
    var base = CMS.getWidget(baseName);
    var Base = base && base.control;
    if (!Base || !Base.prototype || !Base.prototype.isReactComponent) {
      console.error('Bouquet : le widget Decap « ' + baseName + ' » est introuvable ou n’est pas une classe.');
      return;
    }
    class RuleControl extends Base {
      constructor(props) {
        super(props);
        var inherited = this.isValid;
        this.isValid = function () {
          var own = inherited ? inherited.call(this) : { error: false };
          if (own === false || (own && own.error)) return own;
          var message = ruleErrors(this.props);
          return message ? { error: { type: 'CUSTOM', message: message } } : own;
        };
      }
    }
    CMS.registerWidget('bouquet-' + baseName, RuleControl, base.preview, base.schema);
  }

  /* A list whose items take one of two shapes (schema.py's `alternative`: a lead is a
   * text, or its name and kind). Decap's list of fields reads mappings only: a text
   * item is given to it as the mapping of its name (the field's `text_items_as`), and
   * is saved that way once the list is edited; a list left alone keeps its texts. */
  function registerShapesWidget() {
    var base = CMS.getWidget('list');
    var Base = base && base.control;
    if (!Base || typeof window.createClass !== 'function') {
      console.error('Bouquet : le widget Decap « list » est introuvable.');
      return;
    }
    var ShapesControl = window.createClass({
      // As Decap's list itself: every nested widget may update (ListControl returns true).
      shouldComponentUpdate: function () { return true; },
      shown: function () {
        var key = this.props.field.get('text_items_as');
        var value = this.props.value;
        var entry = this.props.entry;
        if (value === this.given) return this.converted;  // the same list: the same object, as Decap compares them
        this.given = value;
        if (key && value && typeof value.map === 'function' && entry && typeof entry.clear === 'function') {
          var empty = entry.clear();  // an empty Immutable Map, the kind Decap's list expects
          value = value.map(function (item) { return typeof item === 'string' ? empty.set(key, item) : item; });
        }
        this.converted = value;
        return value;
      },
      focus: function (path) {
        if (this.inner && this.inner.focus) this.inner.focus(path);
      },
      render: function () {
        var self = this;
        return h(Base, Object.assign({}, this.props, { value: this.shown(), ref: function (r) { self.inner = r; } }));
      },
    });
    CMS.registerWidget('bouquet-list', ShapesControl, base.preview, base.schema);
  }

  // --- Preview: an experience as the site shows it -----------------------------------

  function longDate(iso) {
    var match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text(iso));
    if (!match) return text(iso);
    var day = Number(match[3]);
    return (day === 1 ? '1er' : String(day)) + ' ' + DATA.months[Number(match[2]) - 1] + ' ' + match[1];
  }

  function time(iso) {
    return h('time', { dateTime: text(iso).slice(0, 10) }, longDate(iso));
  }

  function values(list, shape) {
    if (!list) return [];
    var items = list.toJS ? list.toJS() : list;
    return items.map(shape || function (item) { return item; }).map(text).filter(Boolean);
  }

  function get(data, path) {
    var value = data.getIn(path);
    return value && value.toJS ? value.toJS() : value;
  }

  function subField(collection, path) {
    var fields = collection && collection.get('fields');
    var field = null;
    path.forEach(function (name) {
      field = fields && fields.find(function (f) { return f.get('name') === name; });
      fields = field && field.get('fields');
    });
    return field;
  }

  function sheetRow(label, content) {
    return h('div', { className: 'bq-sheet__row', key: label }, h('dt', null, label), h('dd', null, content));
  }

  function listOrOne(items) {
    return items.length === 1 ? items[0] : h('ul', null, items.map(function (v, i) { return h('li', { key: i }, v); }));
  }

  function ExperiencePreview(props) {
    latestEntry = props.entry;
    var data = props.entry.get('data');
    var s = function (path) { return text(get(data, path)); };
    var code = s(['departement']);
    var dep = DATA.departements[code];
    var region = s(['region']) || (dep && dep.region) || '';
    var place = [s(['commune']), dep ? dep.name + ' (' + code + ')' : '', region].filter(Boolean).join(', ');
    var themes = values(data.get('tags'));
    var rows = [];
    [['Porteurs', 'leads'], ['Partenaires', 'partners'], ['Impacts', 'impacts']].forEach(function (pair) {
      var items = values(data.get(pair[1]), function (item) {  // a lead as the sheet names it (model.Lead.label)
        return item && typeof item === 'object' ? text(item.name) + (text(item.kind) ? ' (' + text(item.kind) + ')' : '') : item;
      });
      if (items.length) rows.push(sheetRow(pair[0], listOrOne(items)));
    });
    [['Moyens humains', 'human'], ['Moyens financiers', 'financial'], ['Moyens matériels', 'material']].forEach(function (pair) {
      var value = s(['resources', pair[1]]);
      if (value) rows.push(sheetRow(pair[0], value));
    });
    var contact = ['name', 'role', 'email', 'phone', 'url'].reduce(function (c, k) { c[k] = s(['contact', k]); return c; }, {});
    if (contact.name || contact.role || contact.email || contact.phone || contact.url) {
      var lines = [];
      if (contact.name || contact.role) {
        lines.push(h('li', { key: 'who' }, contact.name ? h('strong', null, contact.name) : null,
          contact.name && contact.role ? ', ' : '', contact.role || null));
      }
      if (contact.email) lines.push(h('li', { key: 'email' }, 'Courriel : ', h('a', { href: 'mailto:' + contact.email }, contact.email)));
      if (contact.phone) lines.push(h('li', { key: 'phone' }, 'Téléphone : ' + contact.phone));
      if (contact.url) lines.push(h('li', { key: 'url' }, 'Site web : ', h('a', { href: contact.url }, contact.url.replace(/^https?:\/\//, ''))));
      rows.push(sheetRow('Contact', h('ul', { className: 'bq-contact' }, lines)));
    }
    if (s(['source', 'name'])) {
      rows.push(sheetRow('Source', s(['source', 'url']) ? h('a', { href: s(['source', 'url']) }, s(['source', 'name'])) : s(['source', 'name'])));
    }
    var image = null;
    if (s(['image', 'file'])) {
      var asset = props.getAsset(s(['image', 'file']), subField(props.collection, ['image', 'file']));
      image = h('figure', { className: 'bq-figure' },
        h('img', { src: asset ? asset.toString() : '', alt: s(['image', 'alt']) }),
        s(['image', 'credit']) ? h('figcaption', null, s(['image', 'credit'])) : null);
    }
    var links = (get(data, ['links']) || []).filter(function (l) { return l && text(l.label) && text(l.url); });

    return h('div', { className: 'bq-preview', 'data-md-color-scheme': 'default', 'data-md-color-primary': 'custom', 'data-md-color-accent': 'custom' },
      h('div', { className: 'md-main__inner md-grid' }, h('div', { className: 'md-content' },
        h('article', { className: 'md-content__inner md-typeset' }, h('div', { className: 'bq-experience' },
          h('header', { className: 'bq-experience__header' },
            h('h1', null, s(['title']) || 'Titre de l’expérience'),
            place ? h('p', { className: 'bq-place' }, h('span', { className: 'bq-sr-only' }, 'Lieu : '), place) : null,
            // The same four dates, with the same words, as overrides/experience.html.
            s(['source', 'name']) ? h('p', { className: 'bq-dates bq-dates--source' },
              s(['source', 'date']) ? ['Publiée par ' + s(['source', 'name']) + ' le ', time(s(['source', 'date']))]
                : 'Publiée par ' + s(['source', 'name']) + ' à une date que la source ne précise pas',
              s(['source', 'updated']) ? [' · mise à jour par ' + s(['source', 'name']) + ' le ', time(s(['source', 'updated']))] : null) : null,
            h('p', { className: 'bq-dates' }, 'Mise en ligne le ', time(s(['date'])),
              s(['updated']) ? [' · mise à jour le ', time(s(['updated']))] : null),
            themes.length ? h('div', { className: 'bq-tags' },
              h('p', { className: 'bq-tags__label' }, (themes.length === 1 ? 'Thème' : 'Thèmes') + ' :'),
              h('ul', { className: 'bq-tags__list' }, themes.map(function (t) { return h('li', { key: t }, h('a', { className: 'bq-tag' }, t)); }))) : null),
          image,
          s(['description']) ? h('p', { className: 'bq-lead' }, s(['description'])) : null,
          rows.length ? h('section', { className: 'bq-sheet' },
            h('h2', { className: 'bq-sheet__title' }, 'Fiche action'),
            h('dl', { className: 'bq-sheet__list' }, rows)) : null,
          s(['quote', 'text']) ? h('section', { className: 'bq-quote' },
            h('h2', null, 'Sur le vif'),
            h('blockquote', { className: 'bq-quote__text' }, h('p', null, s(['quote', 'text'])),
              s(['quote', 'author']) ? h('footer', { className: 'bq-quote__author' }, '— ', h('cite', null, s(['quote', 'author']))) : null)) : null,
          h('div', { className: 'bq-body' }, props.widgetFor('body')),
          links.length ? h('section', { className: 'bq-links' },
            h('h2', null, 'Pour aller plus loin'),
            h('ul', null, links.map(function (l, i) { return h('li', { key: i }, h('a', { href: text(l.url) }, text(l.label))); }))) : null)))));
  }

  // --- Start-up ----------------------------------------------------------------------

  function localBackend() {
    if (LOCAL_HOSTS.indexOf(window.location.hostname) < 0) return Promise.resolve(false);
    return fetch(LOCAL_BACKEND, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ action: 'info' }),
    }).then(function (response) { return response.json(); })
      .then(function (info) { return typeof info.repo === 'string' && Array.isArray(info.publish_modes); })
      .catch(function () { return false; });
  }

  if (!CMS) return;  // decap-cms.js did not load: the page's own text (noscript, #bq-setup) stays
  frenchMessages();
  ['string', 'text', 'select', 'image', 'datetime'].forEach(registerRuleWidget);
  registerShapesWidget();
  // An optional rubric opened then emptied (every value blank) leaves the file, as if
  // it had never been opened: Decap would save it as `image: {alt: ""}`, refused.
  CMS.registerEventListener({
    name: 'preSave',
    handler: function (args) {
      var data = args.entry.get('data');
      (DATA.optional_groups || []).forEach(function (name) {
        if (data.has(name) && !filled(data.get(name))) data = data.delete(name);
      });
      return data;
    },
  });

  DATA.styles.forEach(function (href) { CMS.registerPreviewStyle(new URL(href, document.baseURI).href); });
  CMS.registerPreviewTemplate('experiences', ExperiencePreview);

  var setup = document.getElementById('bq-setup');
  if (!setup) {
    CMS.init();
    return;
  }
  localBackend().then(function (found) {
    if (found) {
      setup.remove();
      CMS.init();
    }
  });
})();
