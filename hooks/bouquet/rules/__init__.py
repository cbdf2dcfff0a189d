"""Validation rules, one concern per module.

A document rule is `check(document, context) -> Iterable[Problem]`; a corpus rule is
`check_all(documents, context) -> Iterable[Problem]` and sees every file at once
(slugs, references between files). Rules never raise and never stop at the first
problem: the caller gathers everything.
"""
from . import body_html, body_links, bouquet_refs, dates, images, slugs, territory, themes

DOCUMENT_RULES = (dates.check, themes.check, territory.check, images.check, body_html.check, body_links.check)
CORPUS_RULES = (slugs.check_all, bouquet_refs.check_all, body_links.check_all)
