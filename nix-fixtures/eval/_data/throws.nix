# throws when imported
throw "thrown from an imported file"
