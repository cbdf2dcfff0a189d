from content_tree import experience


def test_updated_before_date(tree):
    tree.write("experiences/x.md", experience(updated="updated: 2012-01-01"))
    assert tree.codes() == [("experiences/x.md", 9, "date-mise-a-jour-anterieure")]


def test_updated_on_or_after_date_is_fine(tree):
    tree.write("experiences/a.md", experience(updated="updated: 2013-02-25"))
    tree.write("experiences/b.md", experience(updated="updated: 2018-09-25"))
    assert tree.codes() == []


def test_source_updated_before_source_date(tree):
    tree.write("experiences/x.md", experience(source='source:\n  name: "Apriles"\n  date: 2018-09-25\n  updated: 2015-01-01'))
    assert tree.codes() == [("experiences/x.md", 12, "date-mise-a-jour-anterieure")]


def test_source_dates_in_order_or_alone_are_fine(tree):
    tree.write("experiences/a.md", experience(source='source:\n  name: "Apriles"\n  date: 2015-01-01\n  updated: 2018-09-25'))
    tree.write("experiences/b.md", experience(source='source:\n  name: "Apriles"\n  updated: 2018-09-25'))
    tree.write("experiences/c.md", experience(source='source:\n  name: "Mairie-conseils"\n  date: 2013-02-25'))
    assert tree.codes() == []
