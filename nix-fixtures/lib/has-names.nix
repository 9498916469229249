lib:
  [ (lib ? mkIf) (lib ? genAttrs) (lib.attrsets ? mapAttrs) (lib.strings ? splitString) (lib.lists ? foldr) ]
