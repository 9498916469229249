{
  inputs.clan-core.url = "git+https://git.clan.lol/clan/clan-core";
  inputs.nixpkgs.url = "git+https://github.com/someone/nixpkgs?shallow=1&ref=main";
  inputs.fw.url = "github:example/some-framework";
  outputs = inputs@{ fw, self, ... }:
    (x: x.flake) {
      inherit inputs self;
      flake = let clan = import ./clan.nix self; in { inherit (clan.config) clanInternals; };
    };
}
