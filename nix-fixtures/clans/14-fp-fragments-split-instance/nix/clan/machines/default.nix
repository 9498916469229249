{
  imports = [
    ./alpha.nix
    ./beta.nix
    ./gamma.nix
  ];
}
