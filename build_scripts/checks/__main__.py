"""python -m build_scripts.checks [--root PATH] [--top N]: the text-quality report."""
import sys

from . import main

sys.exit(main())
