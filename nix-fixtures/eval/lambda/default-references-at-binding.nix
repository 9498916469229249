(args@{ b, a ? args.b * 3 }: a) { b = 5; }
