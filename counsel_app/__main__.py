"""``python -m counsel_app`` is the same as the ``counsel-app`` command."""

import sys

from counsel_app.cli import main

sys.exit(main())
