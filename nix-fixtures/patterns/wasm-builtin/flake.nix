{
  inputs.clan-core.url = "git+https://git.clan.lol/clan/clan-core";
  outputs = { self, clan-core, ... }:
    let
      # Determinate Nix >= 3.17 with `extra-experimental-features = wasm-builtin`
      machines = builtins.wasm { path = "${self}/plugin.wasm"; function = "machines"; } ./machines.ncl;
      clan = clan-core.lib.clan {
        inherit self;
        meta.name = "t";
        inventory.machines = machines;
        inventory.instances.sshd = { module.name = "sshd"; roles.server.tags.all = { }; };
      };
    in { inherit (clan.config) clanInternals; };
}
