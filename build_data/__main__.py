from build_data.cli import main

raise SystemExit(main())
