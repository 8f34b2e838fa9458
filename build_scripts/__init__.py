"""Build the reference site of Vietnam's digital-transformation plans.

Stages (one module each, only the writer touches disk):

    reader    source_texts/ -> raw blocks with file:line         (read_corpus)
    outline   blocks -> Node tree per document                   (parse_outline)
    extract   tree -> Task objects: leads, coordinators, deadlines (extract_tasks)
    validate  whole corpus -> list of Problems                    (validate_corpus)
    views     model -> derived layers keyed by stable ids         (build_views)
    render    views -> Markdown pages per language (Jinja2)       (render_site)
    writer    pages + data -> docs/, site/ (atomic replace)       (write_site)

The public surface is :func:`build_scripts.pipeline.load` (read, parse, extract, validate)
and the command line ``python -m build_scripts check|build|serve``.
"""
