"""Partners: the directory of organisations a returnee can be referred to (NGOs, diaspora
associations, employers, training centres, microfinance institutions, health facilities,
public services), by country and region, imported from a spreadsheet."""
