builtins.fromJSON ''"caf\u00e9 \u2713 \ud83d\ude00"''
