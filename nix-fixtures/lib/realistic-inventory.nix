lib:
let
    machines = [ "jon" "sara" "bam" ];
  in
  {
    inventory.machines = lib.genAttrs machines (name: { tags = [ "all" ] ++ lib.optional (lib.hasPrefix "s" name) "desktop"; });
    instances = lib.mapAttrs' (n: v: lib.nameValuePair "zerotier-${n}" { roles.peer.machines.${n} = { }; }) (lib.filterAttrs (n: v: n != "bam") (lib.genAttrs machines (x: null)));
    meta = lib.recursiveUpdate { name = "x"; settings.a = 1; } { settings.b = lib.mkDefault 2; };
  }
