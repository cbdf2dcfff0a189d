"""File names reach attributes escaped: an image name with a double quote stays inside
its src="…" (the checker refuses such names too: rules/images.py, safe_name)."""
import datetime as dt
import re
from types import SimpleNamespace

import jinja2

from bouquet import french
from bouquet.dates import long_date
from sitebuild import ROOT

OVERRIDES = ROOT / "overrides"
HOSTILE_NAME = 'images/x" onerror="alert(1).png'
EXPRESSION = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)


def test_every_file_name_printed_by_a_template_is_escaped():
    found = []
    for template in sorted(OVERRIDES.rglob("*.html")):
        for expression in EXPRESSION.findall(template.read_text(encoding="utf-8")):
            if ".file" in expression:
                found.append((template.name, expression.strip()))
    assert len(found) >= 4  # experience, bouquet, card, og:image
    assert [f for f in found if not re.search(r"\|\s*e\s*$", f[1])] == []


def test_a_card_keeps_a_hostile_image_name_inside_its_attribute():
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(OVERRIDES)))
    env.filters.update(url=lambda value: value, date_fr=long_date, plural=french.plural)
    cards = env.get_template("partials/bq-card.html").module
    bouquet = SimpleNamespace(slug="b", url="bouquets/b/", title="B", description="D", date=dt.date(2015, 5, 19),
                              image=SimpleNamespace(file=HOSTILE_NAME, alt="x"))
    html = str(cards.bouquet(bouquet))
    assert 'src="images/x&#34; onerror=&#34;alert(1).png"' in html
    assert ' onerror="' not in html
