"""Start the Casefile desktop app: `python main.py [CASEFILE]` is `casefile gui [CASEFILE]`."""

import sys

from ui.launch import main

if __name__ == "__main__":
    sys.exit(main(["gui", *sys.argv[1:]]))
