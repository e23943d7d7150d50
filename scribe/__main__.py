from scribe.cli import main

main()
