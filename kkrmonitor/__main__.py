from kkrmonitor.cli import main

main()
