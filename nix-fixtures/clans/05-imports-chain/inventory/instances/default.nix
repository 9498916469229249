{
  imports = [
    ./admin.nix
    ./backup.nix
    ./vpn.nix
  ];
}
