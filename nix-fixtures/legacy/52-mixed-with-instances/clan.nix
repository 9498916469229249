# A clan carrying a legacy `inventory.services` entry next to current
# instances (as seen in the wild, cf. clans/75): both kinds are answered;
# a legacy role's unmatched tag resets an earlier tag's members.
{
  meta.name = "legacy52";
  inventory = {
    machines.jon.tags = [ "laptop" ];
    machines.sara.tags = [ "server" ];
    instances.zerotier = {
      roles.controller.machines.sara = { };
      roles.peer.tags = [ "all" ];
    };
    services.sshd.default = {
      roles.server.tags = [ "server" ];
      roles.client.tags = [
        "laptop"
        "workstation"
      ];
    };
  };
}
