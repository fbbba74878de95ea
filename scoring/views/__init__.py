"""Results pages and downloads, one module per audience: index, area, programme."""
