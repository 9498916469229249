# Case 56 — clan-semantics §16 example 42 (clan_lib/tags/list_test.py; §14 list_tags):
# jon{foo,bar,managed1,managed2}, sara{foo,baz,fizz}, bob{foo,bar}; instance roles use
# tags {predefined, maybe} and {predefined2, maybe2}; `inventory.tags.global =
# ["future_machine"]`. Expected list_tags: options = {bar,baz,fizz,foo,managed1,managed2,
# maybe,maybe2,predefined,predefined2}, special = {all,darwin,global,nixos}.
# The four role tags match nothing -> four warnings.
{
  meta.name = "test";
  inventory = {
    machines = {
      jon.tags = [ "foo" "bar" "managed1" "managed2" ];
      sara.tags = [ "foo" "baz" "fizz" ];
      bob.tags = [ "foo" "bar" ];
    };
    tags.global = [ "future_machine" ];
    instances = {
      instance1 = {
        module = {
          name = "svc";
          input = "self";
        };
        roles.peer.tags = [ "predefined" "maybe" ];
      };
      instance2 = {
        module = {
          name = "svc";
          input = "self";
        };
        roles.peer.tags.predefined2 = { };
        roles.peer.tags.maybe2 = { };
      };
    };
  };
}
