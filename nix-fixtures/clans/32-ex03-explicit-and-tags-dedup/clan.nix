# Case 32 — clan-semantics §16 example 3 (§7.1, §7.2): explicit machines + list tags with a
# duplicate and a tag nobody carries. Raw list [jon, zed, jon, jon, sara] ->
# M(peer) = [jon, sara, zed]; M(server) = [adam, jon, sara]; one warning for 'nonexistent'
# with "Available tags" = ["laptop","all","nixos","backup"] (last machine's tags first).
# The serialized roles.peer.tags keys are backup, laptop, nonexistent; zed is not a machine.
{
  meta.name = "test";
  inventory = {
    machines = {
      jon.tags = [ "backup" "laptop" ];
      sara.tags = [ "laptop" ];
      adam = { };
    };
    instances.i1 = {
      module = {
        name = "svc";
        input = "self";
      };
      roles.peer = {
        machines = {
          zed = { };
          jon = { };
        };
        tags = [ "laptop" "nonexistent" "backup" "laptop" ];
      };
      roles.server.tags.all = { };
    };
  };
}
