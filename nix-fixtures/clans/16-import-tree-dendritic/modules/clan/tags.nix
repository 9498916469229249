{
  clan.inventory.tags.olympians = [ "zeus" "hera" "hermes" ];
}
