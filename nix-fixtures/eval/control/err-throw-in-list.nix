[ 1 (throw "element two") 3 ]
