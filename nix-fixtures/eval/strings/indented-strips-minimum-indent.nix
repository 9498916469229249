''
    deeper
  base
      deepest
''
