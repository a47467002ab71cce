"""Reads of the buurtpunt sites' content, one module per topic.

Every read is limited to one site's tree (``root_path``, the path of its home
page) and to pages that are live and not behind a view restriction
(``tree.within``). A tenant schema holds one site, but the tree limit keeps a
listing right even where a schema would hold two.
"""
