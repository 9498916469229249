let sub = a: b: a - b; minusFrom10 = sub 10; in [ (sub 10 3) (minusFrom10 4) ]
