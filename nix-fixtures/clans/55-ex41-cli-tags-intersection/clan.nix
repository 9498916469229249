# Case 55 — clan-semantics §16 example 41 (clan_lib/machines/actions_test.py; §14):
# server1{web}, server2{database}, server3{web,database}, server4{}.
# Expected CLI answers: --tags web -> server1, server3; --tags database -> server2, server3;
# --tags web database -> server3; --tags nixos -> all four (derived tags count).
{
  meta.name = "test";
  inventory.machines = {
    server1.tags = [ "web" ];
    server2.tags = [ "database" ];
    server3.tags = [ "web" "database" ];
    server4 = { };
  };
}
