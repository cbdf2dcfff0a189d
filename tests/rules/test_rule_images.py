from content_tree import experience, png


def test_front_matter_image_without_alt(tree):
    tree.write("images/velo.png", png())
    tree.write("experiences/x.md", experience(image="image:\n  file: images/velo.png"))
    assert tree.codes() == [("experiences/x.md", 9, "image-sans-alt")]


def test_front_matter_image_file_missing(tree):
    tree.write("experiences/x.md", experience(image="image:\n  file: images/absente.png\n  alt: Un vélo"))
    assert tree.codes() == [("experiences/x.md", 10, "image-introuvable")]


def test_path_traversal_is_refused(tree):
    tree.write("experiences/x.md", experience(image="image:\n  file: ../../etc/passwd.png\n  alt: x"))
    assert tree.codes() == [("experiences/x.md", 10, "image-chemin-interdit")]


def test_svg_is_refused(tree):
    tree.write("images/dessin.svg", "<svg onload='alert(1)'/>")
    tree.write("experiences/x.md", experience(image="image:\n  file: images/dessin.svg\n  alt: x"))
    # The file itself would be published as it is, and the reference names it.
    assert tree.codes() == [("experiences/x.md", 10, "image-format"), ("images/dessin.svg", 1, "fichier-interdit")]


def test_body_image_without_alt_and_missing(tree):
    tree.write("experiences/x.md", experience() + "\n![](../images/absente.jpg)\n")
    assert tree.codes() == [("experiences/x.md", 14, "image-introuvable"), ("experiences/x.md", 14, "image-sans-alt")]


def test_valid_images(tree):
    tree.write("images/velo.png", png())
    tree.write("experiences/x.md", experience(image="image:\n  file: images/velo.png\n  alt: Un vélo\n  credit: © Ville") + "\n![Un vélo](../images/velo.png)\n")
    assert tree.codes() == []
