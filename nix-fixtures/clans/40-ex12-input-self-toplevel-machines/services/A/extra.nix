{ ... }: { environment.etc."a-extra".text = "extra"; }
