# normalised: the flake.clan definitions in receiving order (root, one.nix, two.nix)
{
  imports = [
    ./root.nix
    ./one.nix
    ./two.nix
  ];
}
