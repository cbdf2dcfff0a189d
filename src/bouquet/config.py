"""The plugin's typed settings: one class, as Material's plugins have (BlogConfig).

In mkdocs.yml, under the plugin:

    plugins:
      - bouquet:
          publisher: {name: …, address: …, director: …, email: …, host: …, host_address: …}
          contribute_link: [footer]   # header, footer, both, or [] (nowhere)
          editor_link: []
          per_page: 30                # optional: experiences per listing page,
          home_latest: 6              # on the home page,
          feed_size: 20               # in the site's and each theme's feed
          letter: {subscribe_url: https://…}   # or absent: no subscription link

Each setting's value is checked where it is used, in French, every problem at once
(publisher.read_publisher, site_links.by_place); here only its shape is, in French
too, because a publisher edits this file.
"""
from __future__ import annotations

from . import engine, feeds, listings, site_links


class Setting(engine.BaseConfigOption):
    """A value of one of `kinds`, or the default; a wrong kind is refused in French."""

    def __init__(self, kinds: tuple[type, ...], default, expected: str):
        super().__init__()
        self.kinds, self.default, self.expected = kinds, default, expected

    def run_validation(self, value):
        if value is None:
            return self.default
        if not isinstance(value, self.kinds):
            raise engine.ValidationError(f"« {value} » n'est pas accepté : écrivez {self.expected}.")
        return value


class Count(engine.BaseConfigOption):
    """A whole number of at least 1, or the default; anything else is refused in French."""

    def __init__(self, default: int):
        super().__init__()
        self.default = default

    def run_validation(self, value):
        if value is None:
            return self.default
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise engine.ValidationError(f"« {value} » n'est pas accepté : écrivez un nombre entier, au moins 1.")
        return value


class BouquetConfig(engine.Config):
    #: The publisher's identity, printed in the legal notice, the accessibility statement
    #: and the footer (publisher.py).
    publisher = Setting((dict,), {}, "les réglages name, address, director, email, host et host_address, un par ligne")
    #: Where the public site links to « Contribuer » and to the web editor (site_links.py).
    contribute_link = Setting((list, str), list(site_links.LINKS["contribute_link"][2]), "une liste prise parmi header et footer, par exemple [footer], ou []")
    editor_link = Setting((list, str), list(site_links.LINKS["editor_link"][2]), "une liste prise parmi header et footer, par exemple [header], ou []")
    #: Experiences per page of a listing, on the home page, in the site's and each
    #: theme's feed (a bouquet's feed has all of its experiences).
    per_page = Count(listings.PER_PAGE)
    home_latest = Count(listings.HOME_LATEST)
    feed_size = Count(feeds.FEED_SIZE)
    #: The letter (lettre d'information): `subscribe_url`, the page of the publisher's
    #: mailing service where readers subscribe (letter.py); empty: no link anywhere.
    letter = Setting((dict,), {}, "le réglage subscribe_url, l'adresse en https:// de la page d'inscription")
