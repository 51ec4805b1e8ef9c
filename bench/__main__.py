from bench.core import main

raise SystemExit(main())
