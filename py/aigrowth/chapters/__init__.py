"""What the report's chapters show, one module per chapter.

A chapter's code cell calls one function here and shows what it returns: a figure (whose data
are written beside the page as CSV for download), a table, or a formatted number. Computation
lives in the analysis modules; these functions only choose subsets and put results in front of
the reader, so the .qmd files stay thin and every number they print is computed.
"""
