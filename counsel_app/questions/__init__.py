"""Questions to offices in countries of origin, kept in the app's database (issue 18):
``tables`` (the table), ``store`` (recorded, listed, marked sent; the text encrypted)."""
