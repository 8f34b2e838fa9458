"""Build the reference site of Vietnam's digital-transformation plans.

Stages, one folder each (only the writer touches disk):

    source/    read source_texts/: YAML with lines, paragraphs, outline, agency registry
    extract/   tree -> Task objects: leads, coordinators, deadlines; citations
    checks/    whole corpus -> Problems: text fidelity, syllables, diacritics
    pages/     model -> views -> Markdown pages (Jinja2 templates) -> docs/, site/, open data
    search/    built HTML -> sharded search index (and the reference ranking)
    bench/     benchmarks that print figures

``pipeline.load`` runs read, parse, extract and validate and returns one consistent Corpus;
the command line ``python -m build_scripts check|build|serve`` (``__main__.py``) wires the
stages together.
"""
