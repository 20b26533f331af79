"""NUTS regions: the registry of codes, levels and parents, and conversion between NUTS versions."""
