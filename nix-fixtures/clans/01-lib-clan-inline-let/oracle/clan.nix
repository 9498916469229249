# normalised: the lib.clan argument without `self`
{
  meta.name = "homelab";
  meta.description = "Three boxes under the stairs";

  inventory = {
    machines = {
      gateway = {
        tags = [ "router" "server" ];
        deploy.targetHost = "root@192.168.1.1";
      };
      nas = {
        tags = [ "server" "storage" ];
        deploy.targetHost = "root@nas.lan";
      };
      desktop = {
        tags = [ "workstation" ];
        description = "the big one";
      };
    };

    instances = {
      sshd = {
        roles.server.tags.all = { };
        roles.client.tags = [ "workstation" ];
      };
      zerotier = {
        roles.controller.machines.gateway = { };
        roles.peer.tags.all = { };
      };
      borgbackup = {
        roles.server.machines.nas = { };
        roles.client.tags.server = { };
        roles.client.machines.desktop.settings = {
          startAt = "hourly";
        };
        roles.client.settings.exclude = [ "*.pyc" ];
      };
    };
  };

  machines.desktop =
    { pkgs, ... }:
    {
      environment.systemPackages = [ pkgs.firefox ];
    };
}
