"""Measuring Khabar with its own commands: retrieval quality (``evaluate``, ``python -m index eval``) and
speed (``bench``, and ``bench_scale`` for archives of 1,000 to 100,000 articles)."""
