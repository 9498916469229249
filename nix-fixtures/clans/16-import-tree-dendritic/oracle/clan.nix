# normalised: the clan values of the import-tree modules with `config.fleet.hosts`
# evaluated by hand (zeus: server+public, hera: server, apollo: desktop; _shared skipped).
# No tag list gets more than one definition, so the order of the fragments is irrelevant.
{
  meta.name = "dendritic";

  machines.hermes =
    { pkgs, ... }:
    {
      environment.systemPackages = [ pkgs.git ];
    };

  inventory.machines = {
    apollo.tags = [ "desktop" ];
    hera.tags = [ "server" ];
    zeus.tags = [ "server" "public" ];
  };

  inventory.tags.olympians = [ "zeus" "hera" "hermes" ];

  inventory.instances.sshd = {
    roles.server.tags = [ "all" ];
    roles.client.tags.desktop = { };
  };

  inventory.instances.fw = {
    module = {
      name = "firewall";
      input = "self";
    };
    roles.strict.tags.public = { };
    roles.relaxed.tags.olympians = { };
  };
}
