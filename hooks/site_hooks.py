"""MkDocs adapters for Bouquet: thin on_* functions that call the bouquet package.

All the logic lives in hooks/bouquet/ (plain Python, tested without MkDocs). Each
handler says why it uses its event. A hook file is imported with its folder on
sys.path only while it loads, so every import happens here, at the top.
"""
from __future__ import annotations

import functools
import logging
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from bouquet import csp, site
from bouquet.problems import format_report

log = logging.getLogger("mkdocs.plugins.bouquet")
_build: site.SiteBuild | None = None


def on_config(config):
    # The earliest event with docs_dir resolved: all content is validated before
    # MkDocs reads a single page, so a broken file can never be half-published.
    global _build
    if config["strict"]:
        # `mkdocs build --quiet` raises the "mkdocs" logger to ERROR: strict mode's
        # warning counter, a handler on that logger, then never sees a warning and
        # the build passes. A strict build prints and counts its warnings.
        mkdocs_log = logging.getLogger("mkdocs")
        if mkdocs_log.getEffectiveLevel() > logging.WARNING:
            mkdocs_log.setLevel(logging.WARNING)
    result, build = site.prepare(Path(config["docs_dir"]), config)
    if build is None:
        print(format_report(result.problems, result.files_read), file=sys.stderr)
        raise PluginError(f"{len(result.problems)} problème(s) dans le contenu : rien n'a été construit.")
    _build = build
    return config


def on_nav(nav, config, files):
    # The navigation is final here: pages outside it can share their sidebar HTML.
    _build.set_navigation(nav.pages)
    return nav


def on_env(env, config, files):
    # The Jinja environment exists once per build, before any page is rendered:
    # the place to register the French date filters and the shared fragments.
    env.filters.update(_build.template_filters())
    env.globals.update(_build.template_globals())
    return env


def on_files(files: Files, config) -> Files:
    # The file collection is complete and nothing has been read yet: drafts (and the
    # images no published page uses) leave it here, and the generated listing pages
    # join it before the navigation is built.
    for src_uri in _build.catalogue.drafts + _build.catalogue.unused_images:
        draft = files.get_file_from_path(src_uri)
        if draft is not None:
            files.remove(draft)
    for page in _build.generated_pages():
        files.append(File.generated(config, page.src_uri, content=page.markdown))
    # Pagefind starts now so it indexes each page while the next ones are converted.
    _build.start_search_index()
    return files


def on_page_read_source(page, config):
    # MkDocs would parse the front matter again with a YAML reader that drops errors
    # silently; give it the body we already validated instead.
    return _build.markdown_source(page.file.src_uri)


def on_page_markdown(markdown, page, config, files):
    # page.meta must be set before the title and template are read, which happens
    # once the Markdown is converted; the conversion itself is the next step, so
    # this is where the page gets the build's shared, caching converter.
    page.meta = _build.meta(page.file.src_uri)
    if _build.markdown is not None:
        page.render = functools.partial(_build.markdown.render, page)
    return markdown


def on_page_content(html, page, config, files):
    # Contributed Markdown is converted but not yet placed in a template: the last
    # point where its HTML can be cleaned without touching the theme's own markup.
    return _build.clean_content(page.file.src_uri, html)


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
    _build.write_extra_files(Path(config["site_dir"]))
