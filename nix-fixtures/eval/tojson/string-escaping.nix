builtins.toJSON "quote\" backslash\\ newline\n tab\t dollar$ unicode é"
