"""Repository-level pytest setup.

`pytest` with no arguments runs tests/ (pyproject's testpaths). `pytest .` also collects the
model packs (their claims.yaml files); fixtures, reports and scripts hold no tests.
"""

collect_ignore = ["fixtures", "reports", "scripts", "build"]
