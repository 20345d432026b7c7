"""qmdrender: render a Quarto project without the Quarto binary.

It drives the same engines Quarto drives (a Jupyter kernel through nbclient, Pandoc from the
``pypandoc-binary`` wheel and Typst from the ``typst`` wheel), writes ``_freeze/`` in
Quarto's own format so both renderers share execution results, and builds the website and
the PDFs.

Modules by concern: ``project`` (reading ``_quarto.yml`` and the hooks, refusing what is not
supported), ``qmd`` (parsing documents), ``execute`` (running cells in a kernel),
``cellmarkdown`` (turning outputs into Quarto's freeze markdown), ``freeze`` (the freeze format,
the execution records and staleness), ``digests`` (data and code digests), ``staticfigures``
(batched kaleido export), ``site`` (HTML pages with Pandoc), ``frame`` (Quarto's page frame),
``htmlpost`` (Quarto's touches after Pandoc), ``search`` (the search index), ``pdf`` (Typst
PDFs), ``files`` and ``commit`` (atomic writes, publishing old-or-new), ``build``
(orchestration), ``kernel`` (helpers imported by the documents' setup cells).
"""

__version__ = "0.1.0"
