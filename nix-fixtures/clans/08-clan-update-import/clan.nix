{ inputs }:
let
  inherit (inputs.nixpkgs) lib;
in
{
  meta.name = "merged";

  machines = {
    kiosk = { ... }: { services.cage.enable = true; };
  };

  inventory.machines = {
    kiosk.tags = [ "display" ];
    signage-1.tags = [ "display" ];
  };

  inventory.instances = lib.mapAttrs (name: v: v // { module.name = "users"; }) {
    user-kiosk.roles.default.tags.display.settings.user = "kiosk";
    user-root.roles.default.tags.all.settings.user = "root";
  };
}
