{ inputs, self, ... }: { flake = let clan = inputs.clan-core.lib.clan { inherit self; imports = [ ../clan.nix ]; inventory.machines.b = { }; }; in { inherit (clan.config) clanInternals; }; }
