# normalised: the lib.clan argument without `self`
{
  meta.name = "sources";
  imports = [ ./machines.nix ];
  inventory.machines.nix-only.tags = [ "nix" ];
  inventory.machines.both.tags = [ "nix" ];
  inventory.instances.everyone.roles.default.tags.all = { };
  inventory.instances.json-tagged.roles.default.tags = [ "json" ];
}
