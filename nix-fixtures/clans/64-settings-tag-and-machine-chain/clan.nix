# Case 64 — clan-semantics §9.1, §16 examples 20, 21, 23: the per-machine settings chain
# [machine settings or {}] ++ [settings of every role tag the machine carries, tag-name order].
#  * ex. 20: role timeout 40, jon mkForce 42, sara {}            (instance i20)
#  * ex. 21: jon{special}; tags.special.settings.timeout = mkForce 50   (instance i21)
#  * ex. 23: jon explicit, sara{t,u}; tags.u.settings.timeout = 9 -> M = [jon, sara];
#            sara gets u's settings, jon none (instance i23)
#  * tag settings also reach explicit members carrying the tag (kim, instance i23)
# The merged values (jon 42 / sara 40, ...) are computed by the service, not the inventory;
# the oracle prints the chain.
{ lib, ... }:
{
  meta.name = "test";
  inventory = {
    machines.jon.tags = [ "special" ];
    machines.sara.tags = [ "t" "u" ];
    machines.kim.tags = [ "u" "t" ];
    instances = {
      i20 = {
        module = {
          name = "svc";
          input = "self";
        };
        roles.peer.settings.timeout = 40;
        roles.peer.machines.jon.settings.timeout = lib.mkForce 42;
        roles.peer.machines.sara = { };
      };
      i21 = {
        module = {
          name = "svc";
          input = "self";
        };
        roles.peer.machines.jon = { };
        roles.peer.machines.sara = { };
        roles.peer.settings.timeout = 40;
        roles.peer.tags.special.settings.timeout = lib.mkForce 50;
      };
      i23 = {
        module = {
          name = "svc";
          input = "self";
        };
        roles.peer.machines.jon = { };
        roles.peer.machines.kim.settings.name = "kim";
        roles.peer.tags.u.settings.timeout = 9;
        roles.peer.tags.t.settings.verbose = true;
      };
    };
  };
}
