"""`zapiska serve`: the clerk's web form (app), its controls (form), the data folder (store)
and the comparisons and text beside the form (preview)."""
