let k = "key"; in { ${k} = 1; "${k}2" = 2; a.${k} = 3; "pre-${k}-post" = 4; }
