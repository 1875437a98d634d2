"""`zapiska serve`: the clerk's web form — the app and its state (app, state), the pages (pages,
upload), the fields (form), the files behind names from a request (files), the comparisons and the
note's text (preview), what of a form with errors is valid (valid), the host and origin checks (guard)."""
