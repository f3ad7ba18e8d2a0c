"""`python -m casefile.cli`: the `casefile` command without the desktop app."""

from __future__ import annotations

import sys

from casefile.cli.main import main

sys.exit(main())
