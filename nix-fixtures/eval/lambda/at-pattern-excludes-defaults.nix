(args@{ a ? 1 }: [ a args ]) { }
