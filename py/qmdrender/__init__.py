"""qmdrender: render a Quarto project without the Quarto binary.

It drives the same engines Quarto drives (a Jupyter kernel through nbclient, Pandoc from the
``pypandoc-binary`` wheel and Typst from the ``typst`` wheel), writes ``_freeze/`` in
Quarto's own format so both renderers share execution results, and builds the website and
the PDFs.

Modules by concern: ``project`` (reading ``_quarto.yml``), ``qmd`` (parsing documents),
``execute`` (running cells in a kernel), ``cellmarkdown`` (turning outputs into Quarto's
freeze markdown), ``freeze`` (the freeze format and staleness), ``staticfigures`` (batched
kaleido export), ``site`` (HTML pages with Pandoc), ``pdf`` (Typst PDFs), ``build``
(orchestration), ``kernel`` (helpers imported by the documents' setup cells).
"""

__version__ = "0.1.0"
