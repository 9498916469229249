_: {
  imports = [
    ./instances
    ./machines.nix
  ];
}
