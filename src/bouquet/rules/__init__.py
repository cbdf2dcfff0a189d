"""Validation rules, one concern per module.

A document rule is `check(document, context) -> Iterable[Problem]`; a corpus rule is
`check_all(documents, context) -> Iterable[Problem]` and sees every file at once
(slugs, references between files). Rules never raise and never stop at the first
problem: the caller gathers everything.
"""
from . import audiences, body_html, body_links, body_text, bouquet_refs, complexity, dates, images, slugs, territory, themes

DOCUMENT_RULES = (complexity.check, dates.check, themes.check, audiences.check, territory.check, images.check, body_html.check, body_links.check, body_text.check)
# What still runs when the front matter cannot be read: the body alone.
BODY_RULES = (complexity.check, body_html.check, body_links.check, body_text.check)
CORPUS_RULES = (slugs.check_all, bouquet_refs.check_all, body_links.check_all)
