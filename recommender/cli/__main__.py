"""``python -m recommender.cli``: the ``modelrec`` command without the console script."""

import sys

from . import main

sys.exit(main())
