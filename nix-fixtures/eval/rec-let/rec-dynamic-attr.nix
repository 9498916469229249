rec { a = "x"; ${a} = 1; }
