"""``python -m ketacore``: the same as the ``ketacore`` command."""

import sys

from ketacore.cli import main

sys.exit(main())
