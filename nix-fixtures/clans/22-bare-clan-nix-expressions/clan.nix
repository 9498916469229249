# Case 22: a bare clan.nix (no flake.nix; oracle-readable as is) written as a module
# function, with `imports`, and Nix constructs on the membership path: `rec`,
# `with lib;`, `if`, `assert`, `or` defaults, `?`, `++`, `builtins.filter`,
# `lib.optionalAttrs`, `lib.recursiveUpdate` (clan-semantics §17.3, §17.6).
{ lib, config, ... }:
let
  sites = rec {
    primary = "ber";
    secondary = "muc";
    all = [ primary secondary ];
  };
  hostsAt = site: [ "${site}-gw" "${site}-app" ];
  base = {
    machines = lib.genAttrs (lib.concatMap hostsAt sites.all) (name: {
      tags = [ (if lib.hasSuffix "-gw" name then "gateway" else "app") ] ++ [ (builtins.head (lib.splitString "-" name)) ];
    });
  };
  enableVault = true;
  cfg = { };
in
assert builtins.length sites.all == 2;
{
  meta.name = "expressions";
  imports = [ ./services.nix ];

  inventory = lib.recursiveUpdate base {
    machines.ber-gw.deploy.targetHost = "root@gw.ber";
    machines.vault = lib.optionalAttrs enableVault { tags = [ "secrets" ]; };
    instances = with lib; {
      vpn = {
        module.name = cfg.vpnModule or "wireguard";
        roles.controller.machines = genAttrs (builtins.filter (n: hasSuffix "-gw" n) (attrNames base.machines)) (_: { });
        roles.peer.tags = [ "app" ] ++ optional (cfg ? extraPeerTag) cfg.extraPeerTag;
      };
    };
  };
}
