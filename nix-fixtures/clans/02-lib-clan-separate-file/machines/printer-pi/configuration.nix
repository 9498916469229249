{ ... }: { hardware.raspberry-pi."4".apply-overlays-dtmerge.enable = true; }
