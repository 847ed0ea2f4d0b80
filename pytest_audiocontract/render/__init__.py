"""Renderings of a run report (results/report.py): markdown, html, terminal."""
