"""MkDocs adapters for Bouquet: thin on_* functions that call the bouquet package.

All the logic lives in src/bouquet/ (plain Python, tested without MkDocs). Each
handler says why it uses its event. A hook file is imported with its folder on
sys.path only while it loads, so every import happens here, at the top.
"""
from __future__ import annotations

import functools
import logging
import sys
from pathlib import Path

from bouquet import csp, engine, publisher, routes, site, site_links
from bouquet.engine import File, Files, PluginError
from bouquet.preview import Preview
from bouquet.problems import format_report

log = logging.getLogger(f"{engine.NAME}.plugins.bouquet")
_build: site.SiteBuild | None = None
_preview: Preview | None = None  # set while `mkdocs serve` runs


def on_startup(command, dirty):
    # The only event that tells a preview from a build, once per process: a preview
    # shows content problems in the browser instead of stopping.
    global _preview
    _preview = Preview() if command == "serve" else None


def on_config(config):
    # The earliest event with docs_dir resolved: all content is validated before
    # MkDocs reads a single page, so a broken file can never be half-published.
    global _build
    # The navigation and what stays out of it are routes, like every address.
    config["nav"] = [{label: source} for label, source in routes.NAVIGATION]
    config["not_in_nav"] = engine.path_spec(routes.NOT_IN_NAV)
    links, errors = site_links.by_place(config["extra"])
    if errors:
        raise PluginError("\n".join(errors))
    if config["strict"]:
        # `mkdocs build --quiet` raises the engine's logger to ERROR: strict mode's
        # warning counter, a handler on that logger, then never sees a warning and
        # the build passes. A strict build prints and counts its warnings.
        engine_log = logging.getLogger(engine.NAME)
        if engine_log.getEffectiveLevel() > logging.WARNING:
            engine_log.setLevel(logging.WARNING)
    content_dir = Path(config["docs_dir"])
    result, build = site.prepare(content_dir, config)
    _build = build
    if build is None:
        print(format_report(result.problems, result.files_read), file=sys.stderr)
        if _preview is None:
            raise PluginError(f"{len(result.problems)} problème(s) dans le contenu : rien n'a été construit.")
        return _preview.divert(config, result.problems, result.files_read, content_dir)
    if _preview is not None:
        _preview.record([], result.files_read, content_dir)
    build.site_links = links
    # The publisher's identity is checked with the content: a deploy refuses to
    # build without it, a local build says what to fill in and goes on.
    notice = build.publisher.notice()
    if notice and publisher.required():
        raise PluginError(notice)
    if notice:
        print(notice, file=sys.stderr)
    return config


def on_serve(server, config, builder):
    # The preview server exists only now: every page it sends goes through the
    # preview (the report while the content is broken; a policy that lets the
    # server's reload script run). MkDocs 1.6 has no public hook for the pages it
    # serves: the server's injection method is wrapped (tests/test_preview_serve.py
    # fails if it changes). A broken first build pointed docs_dir at an empty
    # folder, which MkDocs then watches: the content is watched here by name.
    inject = server._inject_js_into_html
    server._inject_js_into_html = lambda content, epoch: _preview.decorate(inject(content, epoch))
    server.watch(str(_preview.content_dir))
    return server


def on_nav(nav, config, files):
    # The navigation is final here: pages outside it can share their sidebar HTML.
    if _build is None:  # a preview of broken content builds nothing
        return nav
    _build.set_navigation(nav.pages)
    return nav


def on_env(env, config, files):
    # The Jinja environment exists once per build, before any page is rendered:
    # the place to register the French date filters and the shared fragments.
    if _build is None:  # a preview of broken content builds nothing
        return env
    env.filters.update(_build.template_filters())
    env.globals.update(_build.template_globals())
    # Every body is converted and cleaned by now, and no bouquet page is rendered yet:
    # the PDF editions are made here so that each page can print its PDF's size. The
    # preview only reuses editions already in .cache/pdf/ (rendering one takes seconds):
    # `make build` makes the others.
    missing = _build.render_editions(render=_preview is None)
    if missing:
        log.info("Aperçu : édition PDF non produite pour %s (elle l'est par make build).", ", ".join(missing))
    return env


def on_files(files: Files, config) -> Files:
    # The file collection is complete and nothing has been read yet: drafts (and the
    # images no published page uses) leave it here, and the generated listing pages
    # join it before the navigation is built.
    if _build is None:  # a preview of broken content builds nothing
        return files
    for src_uri in _build.catalogue.drafts + _build.catalogue.unused_images:
        draft = files.get_file_from_path(src_uri)
        if draft is not None:
            files.remove(draft)
    for page in _build.pages.generated:
        files.append(File.generated(config, page.src_uri, content=page.markdown))
    # Pagefind starts now so it indexes each page while the next ones are converted.
    _build.start_search_index()
    return files


def on_page_read_source(page, config):
    # MkDocs would parse the front matter again with a YAML reader that drops errors
    # silently; give it the body we already validated instead.
    entry = _build.page(page.file.src_uri)
    return entry.markdown if entry is not None else None


def on_page_markdown(markdown, page, config, files):
    # page.meta must be set before the title and template are read, which happens
    # once the Markdown is converted; the conversion itself is the next step, so
    # this is where the page gets the build's shared, caching converter.
    entry = _build.page(page.file.src_uri)
    page.meta = entry.meta() if entry is not None else {}
    if _build.markdown is not None:
        page.render = functools.partial(_build.markdown.render, page)
    return markdown


def on_page_content(html, page, config, files):
    # Contributed Markdown is converted but not yet placed in a template: the last
    # point where its HTML can be cleaned without touching the theme's own markup.
    # Then the clean body goes to the search index, page after page in the
    # engine's order, while the next pages are converted.
    entry = _build.page(page.file.src_uri)
    html = _build.clean_content(entry, html)
    _build.index(entry, html)
    return html


def on_page_context(context, page, config, nav):
    # The template context is assembled per page: expose the domain object it shows.
    context.update(_build.context(page.file.src_uri))
    return context


def on_post_page(output, page, config):
    # The page is complete (theme and content): its policy can name the inline
    # scripts it really carries, by their hashes.
    return csp.with_policy(output)


def on_post_template(output_content, template_name, config):
    # 404.html is a theme template rendered outside any page: it needs its policy
    # too; sitemap.xml and the other non-HTML templates come back unchanged.
    return csp.with_policy(output_content) if template_name.endswith(".html") else output_content


def on_build_error(error):
    # A failed build must not leave Pagefind's indexer process running.
    if _build is not None:
        _build.abort()


def on_post_build(config):
    # Every page is written: feeds and other whole-site files can be produced now.
    if _build is None:  # a preview of broken content builds nothing
        return
    _build.write_extra_files(Path(config["site_dir"]))
