"""Cluster mapping (pure core): specialisation, size, focus, productivity, dynamism, stars, relatedness."""
