from tearsheet.cli import main

raise SystemExit(main())
