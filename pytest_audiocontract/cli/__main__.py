"""`python -m pytest_audiocontract.cli`: the `audiocontract` command."""

from pytest_audiocontract.cli import main

raise SystemExit(main())
