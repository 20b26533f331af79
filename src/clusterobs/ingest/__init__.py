"""Loaders: official files and online sources (NUTS, GISCO, Eurostat, firm microdata) into store batches."""
