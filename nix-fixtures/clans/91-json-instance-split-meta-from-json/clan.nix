# Case 91 — clan-semantics §5.2, §5.4: meta.name comes from inventory.json alone (Nix only
# sets the description); an instance is split across sources (module and `roles.peer.tags`
# in JSON, `roles.peer.machines.x` with settings in Nix); JSON static `tags`; a JSON-only
# machine with installedAt.
{
  meta.description = "meta from two places";
  inventory.machines.x = { };
  inventory.machines.y.tags = [ "peer" ];
  inventory.instances.mesh.roles.peer.machines.x.settings.listen = true;
}
