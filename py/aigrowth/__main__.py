import sys

try:
    from .cli import main
except KeyboardInterrupt:  # Ctrl-C while Python is still starting the command
    print("error: interrupted", file=sys.stderr)
    sys.exit(130)

sys.exit(main())
