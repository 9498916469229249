{ "foo bar" = 1; "a.b" = 2; a."c d" = 3; "" = 4; }
