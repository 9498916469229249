{ lib, ... }:
let
  servers = [ "gateway" "nas" ];
in
{
  meta.name = "demo";
  meta.domain = "demo.lan";

  inventory.machines = lib.genAttrs servers (name: {
    tags = [ "server" ];
    deploy.targetHost = "root@${name}.demo.lan";
  }) // {
    laptop = {
      machineClass = "darwin";
      tags = [ "workstation" ];
    };
  };

  inventory.instances = {
    sshd = {
      roles.server.tags.all = { };
      roles.client.tags = [ "workstation" ];
    };
    zerotier = {
      roles.controller.machines.gateway = { };
      roles.peer.tags.all = { };
    };
  };
}
