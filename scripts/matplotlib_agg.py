"""matplotlib's pyplot for the plotting scripts, file output only (Agg), from Debian's
python3-matplotlib: `from matplotlib_agg import plt`."""
import os
import sys

try:
    import matplotlib
except ImportError:
    # Debian's package lives in the system interpreter; another python3 may come first on PATH.
    if os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3") and \
            os.path.exists("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    sys.exit(f"{os.path.basename(sys.argv[0])} needs matplotlib: apt-get install python3-matplotlib")
matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt  # noqa: E402,F401
