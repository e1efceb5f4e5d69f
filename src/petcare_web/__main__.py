"""``python -m petcare_web``: the ``petcare`` command."""

from petcare_web.cli import main

raise SystemExit(main())
