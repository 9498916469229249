{ boot.loader.grub.device = "/dev/sda"; }
