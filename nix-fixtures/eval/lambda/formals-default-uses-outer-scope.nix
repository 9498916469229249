let d = "outer"; in ({ x ? d }: x) { }
