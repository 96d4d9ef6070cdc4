"""The read side: plain frozen rows for each kind of reader, a fixed number of queries each.

One module per consumer: the gap report that every reader shares (gap_report), the pages
of one record (details), the lists (lists), what forms offer and edit (editing), the API's
representations (api), the export rows (exports), and the roadmap as records keyed by
natural keys (records), which backups, tables, forms and the API read. `filters` turns a
view's parameters into a selection; `common` holds the work-item row and paging. Nothing
here writes.
"""
