lib:
  lib.subtractLists (throw "e") [ ]
