# normalised: the lib.clan argument without `self`
{
  inventory = {
    imports = [
      ./inventory/meta.nix
      ./inventory/machines.nix
      ./inventory/services.nix
    ];
  };
}
