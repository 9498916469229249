[ 1 (throw "first") (abort "second") ]
