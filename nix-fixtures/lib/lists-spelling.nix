lib:
  [ (lib.lists.unique [ 1 1 2 ]) (lib.lists.flatten [ [ 1 ] 2 ]) (lib.lists.foldr (a: b: a + b) 0 [ 1 2 ]) (lib.lists.optional true 1) ]
