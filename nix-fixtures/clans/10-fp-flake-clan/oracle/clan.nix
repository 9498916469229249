# normalised: the flake.clan definitions in the order flake-parts hands them to
# the clan submodule (forward breadth-first over the flake-parts modules:
# flake.nix, parts/machines.nix, parts/services.nix, parts/services/backup.nix),
# each one level below the clan roots, exactly like the submodule wrappers.
{
  imports = [
    ./root.nix
    ./parts/machines.nix
    ./parts/services.nix
    ./parts/services/backup.nix
  ];
}
