# normalised: the buildClan argument without `directory = self;`
{
  machines = {
    workstation = import ./workstation.nix;
    old-laptop = { };
  };
  inventory.instances.sshd = {
    roles.server.tags.all = { };
    roles.client.tags = [ "ui-managed" ];
  };
}
