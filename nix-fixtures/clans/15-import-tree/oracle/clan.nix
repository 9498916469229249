# normalised: the `clan.*` values of the import-tree modules (modules/_wip and
# modules/services/_lib.nix are not modules), listed in REVERSE import-tree order
# (see case 14 for why the `clan` alias needs the reverse order here).
{
  imports = [
    ./fragments/services-users.nix
    ./fragments/services-monitoring.nix
    ./fragments/machines-pi.nix
    ./fragments/machines-edge.nix
    ./fragments/machines-core.nix
    ./fragments/clan.nix
  ];
}
