"""File formats in and out: the bundle (JSON), CSV and XLSX tables of work items.

`files` is the one way in for a file of any kind (the web's /import and the command line
both call it); `importer` checks a whole bundle document and applies it through the
services; `bundle`, `tabular` and `xlsx` read their formats into that document.
"""
