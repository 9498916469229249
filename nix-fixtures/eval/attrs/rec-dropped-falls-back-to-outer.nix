let c = "outer"; in { a.b = 1; a = rec { c = "inner"; d = c; }; }
