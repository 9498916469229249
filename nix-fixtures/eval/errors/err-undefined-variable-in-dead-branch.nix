if false then undefinedThing else 1
