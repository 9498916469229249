builtins.fromJSON ''{"b": [1, 2, {"c": null}], "a": true, "s": "str"}''
