"""`python -m server`: the same as `kring-server`."""

import sys

from server.cli import main

sys.exit(main())
