# Case 93 — clan-semantics §1 sorting, §13, §17.3: machine keys are not validated
# ("Foo.Bar_baz", "_private", "a b", "UPPER", "k8s-node-01" as a bare identifier with dashes,
# "0day"); everything sorts bytewise (upper case before lower case, "_" after "Z");
# tags may have odd names too; a role member list mixes them.
{
  meta.name = "odd_Names-1";
  inventory.machines = {
    "Foo.Bar_baz".tags = [ "Mixed" ];
    _private.tags = [ "mixed" ];
    "a b".tags = [ "with space" ];
    UPPER.tags = [ "Mixed" "mixed" ];
    k8s-node-01.tags = [ "k8s-worker" ];
    "0day" = { };
  };
  inventory.instances."odd instance" = {
    module.name = "odd-module";
    roles."Role A".tags = [ "Mixed" "mixed" ];
    roles."Role A".machines."a b" = { };
    roles.k8s.tags.k8s-worker = { };
    roles.k8s.machines."0day" = { };
  };
}
