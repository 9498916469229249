# Case 43 — clan-semantics §16 example 33 (lib/dir_test.nix; §5.1 item 3): machines/ holds the
# directories foo-machine and bar-machine (machines), the files foo.nix and bar.nix
# (ignored: only entries of readDir type "directory" count) and a symbolic link
# `linked-machine -> ../hosts/linked-machine` to a directory (ignored: type "symlink").
{
  meta.name = "test";
  inventory.instances.everyone.roles.default.tags.all = { };
}
