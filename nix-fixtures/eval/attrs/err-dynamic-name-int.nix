{ ${toString 1} = "ok"; ${1} = 2; }
