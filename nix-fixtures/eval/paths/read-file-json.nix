builtins.fromJSON (builtins.readFile ../_data/data.json)
