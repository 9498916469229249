let
  helpers = import ./_lib.nix;
in
{
  clan.inventory.instances.user-ops = helpers.mkUser "ops";
}
