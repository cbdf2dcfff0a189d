"""Property: whatever the input, the checker reports and never raises."""
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bouquet.load import check_content
from content_tree import ContentTree

KEYS = ["title", "date", "updated", "description", "tags", "commune", "departement", "region", "leads", "quote", "image", "links", "draft", "x"]
scalars = st.one_of(
    st.text(max_size=30), st.integers(), st.booleans(), st.none(), st.dates().map(str),
    st.sampled_from(["no", "yes", "2015-02-30", "2015-2-3", "~", "&a x", "*a", "[", "{", "'", '"', ": ", "- ", "<script>", "\u202e", "01", "2A"]),
)
yaml_values = st.recursive(scalars.map(str), lambda inner: st.lists(inner, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"), max_leaves=5)
front_lines = st.lists(st.tuples(st.sampled_from(KEYS), yaml_values), max_size=10).map(lambda pairs: "\n".join(f"{k}: {v}" for k, v in pairs))
bodies = st.text(alphabet=string.printable + "éà<>[]()!`\u0000\u202e", max_size=200)
raw = st.binary(max_size=200)


def _check(tmp_path_factory, files):
    tree = ContentTree(tmp_path_factory.mktemp("fuzz"))
    for name, data in files.items():
        tree.write(name, data)
    result = check_content(tree.content, tree.root)
    for problem in result.problems:
        assert problem.path and problem.line >= 1 and problem.code and problem.message
    return result


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(front=front_lines, body=bodies)
def test_random_front_matter_and_body_never_raise(tmp_path_factory, front, body):
    _check(tmp_path_factory, {"experiences/x.md": f"---\n{front}\n---\n{body}", "bouquets/b.md": f"---\n{front}\n---\n{body}"})


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=raw)
def test_random_bytes_never_raise(tmp_path_factory, data):
    _check(tmp_path_factory, {"experiences/x.md": b"---\n" + data, "experiences/y.md": data})
