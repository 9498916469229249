# normalised from nix/clan.nix (genAttrs expanded by hand; `self` dropped)
{
  meta.name = "office";

  inventory.machines = {
    alice-laptop.tags = [ "laptop" ];
    bob-laptop.tags = [ "laptop" ];
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
