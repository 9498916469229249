let n = "inner"; in { outer.${n}.leaf = true; }
