# clan-semantics §16 example 51 (legacy): the tag fold resets the collected
# tag members at a tag without machines; explicit machines survive;
# duplicates in the raw list.
#  * reset: tags [ backup nope ]  -> only the explicit m2 (m1 dropped)
#  * kept:  tags [ nope backup ]  -> m1 (from backup) and m2
#  * dups:  machines [ m1 m2 m1 ], tags [ backup all ]
#           -> raw [m1 m2 m1 m1 m1 m2], as a set [m1 m2]
{
  meta.name = "legacy51";
  inventory = {
    machines.m1.tags = [ "backup" ];
    machines.m2 = { };
    services.borgbackup.reset.roles.client = {
      machines = [ "m2" ];
      tags = [ "backup" "nope" ];
    };
    services.borgbackup.kept.roles.client = {
      machines = [ "m2" ];
      tags = [ "nope" "backup" ];
    };
    services.borgbackup.dups.roles.client = {
      machines = [ "m1" "m2" "m1" ];
      tags = [ "backup" "all" ];
    };
  };
}
