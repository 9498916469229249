{ self, inputs, ... }:
{
  clan = {
    meta.name = "headers";
    imports = [ (import ./users.nix self) ];
  };
}
