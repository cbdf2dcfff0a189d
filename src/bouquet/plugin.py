"""The MkDocs plugin: thin event handlers that call the bouquet package.

Registered as `bouquet` (pyproject.toml, entry point group `mkdocs.plugins`, which
ProperDocs reads too) and listed under `plugins:` in mkdocs.yml, with its settings
(config.py). All the logic lives in the package (plain Python, tested without
MkDocs); each handler says why it uses its event. The build's state lives on the
plugin object, never in a module: `mkdocs serve` keeps one plugin object for all its
rebuilds (a plugin with on_startup is cached by the engine), `mkdocs build` one for
its build.
"""
from __future__ import annotations

import functools
import logging
import signal
import sys
import threading
import time
from pathlib import Path

from . import csp, engine, letter, preview_passes, preview_watch, publisher, routes, site, site_links, theme_script
from .catalogue import ModelMemo
from .config import BouquetConfig
from .engine import File, Files, PluginError
from .load import CheckMemo
from .preview import Preview
from .preview_reuse import REUSE_FLAG, BackgroundSearch, PageReuse, files_digest, page_inputs
from .problems import format_report

log = logging.getLogger(f"{engine.NAME}.plugins.bouquet")


def _interrupt(signum, frame):
    raise KeyboardInterrupt


class BouquetPlugin(engine.BasePlugin[BouquetConfig]):
    def __init__(self):
        self._build: site.SiteBuild | None = None
        self._preview: Preview | None = None  # set while `mkdocs serve` runs
        # What `mkdocs serve` keeps from one rebuild to the next, so that one edit
        # does not cost a whole build (preview_reuse.py; README, « make serve »).
        self._checks: CheckMemo | None = None
        self._models: ModelMemo | None = None
        self._reuse: PageReuse | None = None
        self._search: BackgroundSearch | None = None
        self._cleaned: dict[tuple[str, str], str] = {}
        # The two passes of a save (preview_passes.py): the last full pass's engine
        # objects, and whether a quick pass is rendering (its page is not one the next
        # full pass may reuse, nor one the search indexes).
        self._passes: preview_passes.TwoPasses | None = None
        self._last: preview_passes.LastBuild | None = None
        self._next: preview_passes.LastBuild | None = None
        self._quick = False
        self._dirty = False

    @property
    def build(self) -> site.SiteBuild:
        """The build, in the page events: they run only for valid content (a preview of
        broken content builds an empty folder, without a page)."""
        assert self._build is not None
        return self._build

    @property
    def preview(self) -> Preview:
        assert self._preview is not None  # on_startup made it: the command is serve
        return self._preview

    def on_startup(self, command, dirty):
        # The only event that tells a preview from a build, once per process: a preview
        # shows content problems in the browser instead of stopping.
        self._preview = Preview() if command == "serve" else None
        self._dirty = dirty
        if self._preview is not None:
            self._checks, self._models, self._reuse, self._search = CheckMemo(), ModelMemo(), PageReuse(), BackgroundSearch()

    def on_shutdown(self):
        # `mkdocs serve` stops: Pagefind must not outlive it, nor the preview's
        # temporary folders.
        if self._search is not None:
            self._search.close()
        if self._preview is not None:
            self._preview.close()
        if self._passes is not None:
            self._passes.close()

    def on_config(self, config):
        # The earliest event with docs_dir resolved: all content is validated before
        # MkDocs reads a single page, so a broken file can never be half-published.
        # The navigation and what stays out of it are routes, like every address.
        config["nav"] = [{label: source} for label, source in routes.NAVIGATION]
        config["not_in_nav"] = engine.path_spec(routes.NOT_IN_NAV)
        links, errors = site_links.by_place(self.config)
        subscribe_url, subscribe_errors = letter.subscribe_url(self.config)
        errors = errors + subscribe_errors
        if errors:
            raise PluginError("\n".join(errors))
        if config["strict"]:
            # `mkdocs build --quiet` raises the engine's logger to ERROR: strict mode's
            # warning counter, a handler on that logger, then never sees a warning and
            # the build passes. A strict build prints and counts its warnings.
            engine_log = logging.getLogger(engine.NAME)
            if engine_log.getEffectiveLevel() > logging.WARNING:
                engine_log.setLevel(logging.WARNING)
        if self._search is not None:
            self._search.cancel()  # a rebuild starts: the last one's indexing would take a core from it
        content_dir = Path(config["docs_dir"])
        if self._passes is not None:
            config["site_dir"] = str(self._passes.served)  # where a report goes (divert)
        # Taken before the content is read: a save during this build is a change for the next.
        self._next = preview_passes.LastBuild(config, preview_passes.snapshot(content_dir)) if self._preview else None
        self._last = None
        result, build = site.prepare(content_dir, config, self.config, memo=self._checks, models=self._models)
        self._build = build
        if build is None:
            print(format_report(result.problems, result.files_read), file=sys.stderr)
            if self._preview is None:
                raise PluginError(f"{len(result.problems)} problème(s) dans le contenu : rien n'a été construit.")
            return self._preview.divert(config, result.problems, result.files_read, content_dir)
        if self._preview is not None:
            self._preview.record([], result.files_read, content_dir)
            build.serve(self._cleaned, self._search)
        if self._passes is not None:
            config["site_dir"] = str(self._passes.target())  # the served folder answers meanwhile
        build.site_links = links
        build.subscribe_url = subscribe_url
        # The publisher's identity is checked with the content: a deploy refuses to
        # build without it, a local build says what to fill in and goes on.
        notice = build.publisher.notice()
        if notice and publisher.required():
            raise PluginError(notice)
        if notice:
            print(notice, file=sys.stderr)
        return config

    def on_serve(self, server, config, builder):
        # The preview server exists only now: every page it sends goes through the
        # preview (the report while the content is broken; a policy that lets the
        # server's reload script run). MkDocs 1.6 has no public hook for the pages it
        # serves: the server's injection method is wrapped (tests/test_preview_passes.py
        # fails if it changes). A broken first build pointed docs_dir at an empty
        # folder, which MkDocs then watches: the content is watched here by name.
        inject = server._inject_js_into_html
        server._inject_js_into_html = lambda content, epoch: self.preview.decorate(inject(content, epoch))
        # The engine only polls, every 0.5 s: the system's notifications are added to
        # its poller, which stays for the mounts they miss (preview_watch.py). Before
        # the first server.watch of a plugin, so every path goes through both.
        preview_watch.install(server)
        server.watch(str(self.preview.content_dir))
        # Each save then rebuilds in two passes, the edited page first (preview_passes.py);
        # `serve --dirty` keeps the engine's one pass into one folder.
        if not self._dirty:
            self._passes = preview_passes.TwoPasses(server, builder, self._quick_pass)
        # docker stop, a task runner or an editor's IDE end `make serve` with SIGTERM,
        # whose default action ends Python at once: the engine's site folder, the
        # second folder and the search's scratch folder stayed in the temporary
        # folder (108 of them, 315 MB, after a day of tests here). SIGTERM becomes the
        # Ctrl-C the engine expects, which it answers by stopping the server, running
        # on_shutdown and removing its folder.
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, _interrupt)
        return server

    def _quick_pass(self) -> bool:
        # The first pass of a save (preview_passes.py): the one experience it changed,
        # checked with the whole content, rendered alone into the served folder.
        last = self._last
        if last is None or not last.complete or self.preview.broken:
            return False
        started = time.perf_counter()
        # The last pass's indexing stops first: its process and the thread feeding it
        # would take the cores from every step of this pass, the file walk included
        # (0.4-0.7 s of it at 5,000 while Pagefind ran). The full pass that follows
        # starts a new indexing anyway.
        if self._search is not None:
            self._search.cancel()
        src_uri = preview_passes.single_experience_change(last.content, preview_passes.snapshot(last.content_dir))
        if src_uri is None:
            return False
        result, build = site.prepare(last.content_dir, last.config, self.config, memo=self._checks, models=self._models, one_page=True)
        if build is None or build.page(src_uri) is None:  # a problem, or a draft: the full pass shows it
            return False
        checked = time.perf_counter()
        build.serve(self._cleaned, None)
        build.site_links, build.subscribe_url = self.build.site_links, self.build.subscribe_url
        self._build, self._quick = build, True
        try:
            preview_passes.render_one(last, src_uri, build)
        finally:
            self._quick = False
        done = time.perf_counter()
        log.debug("Aperçu : contenu vérifié et modèle fait en %.2f s, page rendue en %.2f s", checked - started, done - checked)
        log.info("Aperçu : %s affichée en %.2f s, les autres pages suivent", src_uri, done - started)
        return True

    def on_nav(self, nav, config, files):
        # The navigation is final here: pages outside it can share their sidebar HTML.
        if self._build is None:  # a preview of broken content builds nothing
            return nav
        self._build.set_navigation(nav.pages)
        if self._next is not None:
            self._next.files, self._next.nav = files, nav
        if self._reuse is not None:
            # What every page depends on beyond its own inputs, digested once per rebuild.
            custom_dir = getattr(config["theme"], "custom_dir", None)
            self._reuse.start_build("\0".join([
                files_digest([p for p in (config.get("config_file_path"), custom_dir) if p]), engine.theme_version(),
                str(config.get("site_url")), repr([(p.file.src_uri, p.url, str(p.title)) for p in nav.pages])]))
        return nav

    def on_env(self, env, config, files):
        # The Jinja environment exists once per build, before any page is rendered:
        # the place to register the French date filters and the shared fragments.
        if self._build is None:  # a preview of broken content builds nothing
            return env
        env.filters.update(self._build.template_filters())
        env.globals.update(self._build.template_globals())
        if self._next is not None:
            self._next.env = env
        # Every body is converted and cleaned by now, and no bouquet page is rendered yet:
        # the PDF editions start here, laid out in worker processes while the pages are
        # rendered (a bouquet page gets its PDF's size at on_post_build). The preview
        # only reuses editions already in .cache/pdf/ (rendering one takes seconds):
        # `make build` makes the others.
        missing = self._build.render_editions(render=self._preview is None)
        if missing:
            log.info("Aperçu : édition PDF non produite pour %s (elle l'est par make build).", ", ".join(missing))
        return env

    def on_files(self, files: Files, config) -> Files:
        # The file collection is complete and nothing has been read yet: drafts (and the
        # images no published page uses) leave it here, and the generated listing pages
        # join it before the navigation is built.
        if self._search is not None:  # the preview: the engine has just emptied the site
            self._search.restore(Path(config["site_dir"]) / routes.SEARCH_INDEX)
        # Theme files are in the collection too, not yet copied: Material's script is
        # replaced by its corrected copy (theme_script.py: no sitemap fetch per page).
        for bundle in [file for file in files if theme_script.is_bundle(file.src_uri)]:
            files.remove(bundle)
            try:
                script = theme_script.corrected(bundle.content_string)
            except theme_script.ThemeScriptChanged as error:
                raise PluginError(str(error)) from None
            files.append(File.generated(config, bundle.src_uri, content=script))
        if self._build is None:  # a preview of broken content builds nothing
            return files
        for src_uri in self._build.catalogue.drafts + self._build.catalogue.unused_images:
            draft = files.get_file_from_path(src_uri)
            if draft is not None:
                files.remove(draft)
        for page in self._build.pages.generated:
            files.append(File.generated(config, page.src_uri, content=page.markdown))
        # Pagefind starts now so it indexes each page while the next ones are converted.
        self._build.start_search_index()
        return files

    def on_page_read_source(self, page, config):
        # MkDocs would parse the front matter again with a YAML reader that drops errors
        # silently; give it the body we already validated instead.
        entry = self.build.page(page.file.src_uri)
        return entry.markdown if entry is not None else None

    def on_page_markdown(self, markdown, page, config, files):
        # page.meta must be set before the title and template are read, which happens
        # once the Markdown is converted; the conversion itself is the next step, so
        # this is where the page gets the build's shared, caching converter.
        entry = self.build.page(page.file.src_uri)
        page.meta = entry.meta() if entry is not None else {}
        if self.build.markdown is not None:
            page.render = functools.partial(self.build.markdown.render, page)
        return markdown

    def on_page_content(self, html, page, config, files):
        # Contributed Markdown is converted but not yet placed in a template: the last
        # point where its HTML can be cleaned without touching the theme's own markup.
        # Then the clean body goes to the search index, page after page in the
        # engine's order, while the next pages are converted.
        entry = self.build.page(page.file.src_uri)
        html = self.build.clean_content(entry, html)
        self.build.index(entry, html)
        site.release_markdown(page)
        return html

    def on_page_context(self, context, page, config, nav):
        # The template context is assembled per page: expose the domain object it shows.
        # In the preview, a page whose inputs did not change keeps its last output.
        ours = self.build.context(page.file.src_uri)
        context.update(ours)
        if self._reuse is not None and not self._quick:
            inputs = page_inputs(self.build.page(page.file.src_uri), self.build.catalogue, ours)
            if self._reuse.before_render(page, inputs):
                context[REUSE_FLAG] = True
        return context

    def on_post_page(self, output, page, config):
        # The page is complete (theme and content): its policy can name the inline
        # scripts it really carries, by their hashes. The engine writes it next; a
        # bouquet page whose PDF is still being laid out is written again, with the
        # PDF's size, at the end of the build.
        if self._reuse is not None and not self._quick:
            output = self._reuse.after_render(page.file.src_uri, output, csp.with_policy)
        else:
            output = csp.with_policy(output)
        self.build.page_written(Path(page.file.abs_dest_path), output)
        site.release_content(page)
        return output

    def on_post_template(self, output_content, template_name, config):
        # 404.html is a theme template rendered outside any page: it needs its policy
        # too; sitemap.xml and the other non-HTML templates come back unchanged.
        return csp.with_policy(output_content) if template_name.endswith(".html") else output_content

    def on_build_error(self, error):
        # A failed build must not leave Pagefind's indexer process running, nor be
        # the one the preview's next rebuild compares its pages with.
        if self._build is not None:
            self._build.abort()
        if self._reuse is not None:
            self._reuse.abandon()

    def on_post_build(self, config):
        # Every page is written: feeds and other whole-site files can be produced now.
        if self._build is None:  # a preview of broken content builds nothing
            return
        self._build.write_extra_files(Path(config["site_dir"]))
        # The quick pass of the next save may start from this build, now complete.
        self._last, self._next = self._next, None
        if self._passes is not None:
            self._passes.built = Path(config["site_dir"])
        if self._reuse is not None:
            log.info("Aperçu : %d page(s) reprises telles quelles, %d rendue(s)", self._reuse.reused, self._reuse.rendered)
