# normalised: the lib.clan argument of clan/default.nix without `self`/`specialArgs`
{
  imports = [
    ./meta.nix
    ./machines.nix
    ./services.nix
  ];
}
