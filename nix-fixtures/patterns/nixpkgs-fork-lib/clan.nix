self:
let
  inherit (self.inputs) clan-core nixpkgs;
  lib = nixpkgs.lib;
in
clan-core.lib.clan {
  inherit self;
  meta.name = "t";
  inventory.machines.a = { };
  inventory.instances.x = {
    module.name = "sshd";
    roles.server.machines.a.settings.v = lib.mkForce "eve";
  };
}
