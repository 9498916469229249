# normalised: the flake-parts `clan` value `{ imports = [ ./clan.nix ]; }`
# (the imported file is kept as template-clan.nix)
{
  imports = [ ./template-clan.nix ];
}
