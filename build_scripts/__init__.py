"""Build the reference site of Vietnam's digital-transformation plans.

Stages, one folder each (only the writer touches disk):

    source/    read source_texts/: YAML with lines, paragraphs, outline, agency registry
    extract/   tree -> Task objects: leads, coordinators, deadlines; citations
    checks/    whole corpus -> Problems: text fidelity, syllables, diacritics
    pages/     model -> views -> Markdown pages (Jinja2 templates) -> docs/, site/, open data
    search/    built HTML -> sharded search index (and the reference ranking)
    publish/   the live preview (serve.py) and releases on the web server (release.py)
    bench/     benchmarks that print figures

``pipeline.load`` runs read, parse, extract and validate and returns one consistent Corpus;
``build.py`` runs the stages of ``check``, ``build`` and ``serve`` (each timed: stages.py;
results kept between builds: cache.py); ``__main__.py`` is the command line.
"""
