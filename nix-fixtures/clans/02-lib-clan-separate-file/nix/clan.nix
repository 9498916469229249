self:
let
  inherit (self.inputs) clan-core nixpkgs;
  inherit (nixpkgs) lib;
  laptops = [ "alice-laptop" "bob-laptop" ];
in
clan-core.lib.clan {
  inherit self;
  meta.name = "office";

  inventory.machines =
    lib.genAttrs laptops (_: { tags = [ "laptop" ]; })
    // {
      printer-pi.tags = [ "pi" ];
    };

  inventory.instances = {
    sshd.roles.server.tags = [ "all" ];
    user-alice = {
      module.name = "users";
      roles.default.tags = [ "laptop" ];
      roles.default.settings = {
        user = "alice";
        groups = [ "wheel" ];
      };
    };
    cups = {
      module.input = "self";
      roles.server.machines.printer-pi = { };
      roles.client.tags = [ "laptop" ];
    };
  };
}
