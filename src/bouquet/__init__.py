"""Bouquet: the domain logic of the publication, importable without MkDocs.

The pipeline runs one way: content → load (source, yamlnodes) → validate (schema,
rules) → model (catalogue) → pages → render → index. MkDocs only calls into it
through the thin event handlers of its plugin (plugin.py).
"""
